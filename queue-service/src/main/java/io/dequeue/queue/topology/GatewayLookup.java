package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateways of the global store (a copy of {@code gateway.config}), read as {@link GatewayRecord}s.
 * The store keeps the topic's bytes; parsed records are cached per domain while the bytes stay the
 * same, so a burst of mail for one domain parses its settings once.
 */
public final class GatewayLookup {
    private static final Logger LOG = Logger.getLogger(GatewayLookup.class);
    private static final int CACHE = 1024;

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final Map<String, Parsed> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHE;
        }
    };

    private record Parsed(byte[] bytes, GatewayRecord record) {
    }

    public GatewayLookup(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The gateway of a domain, or null when there is none (or its record cannot be read). */
    public GatewayRecord get(String domain) {
        byte[] bytes = store.get(domain);
        if (bytes == null) {
            cache.remove(domain);
            return null;
        }
        Parsed p = cache.get(domain);
        if (p != null && Arrays.equals(p.bytes, bytes)) {
            return p.record;
        }
        GatewayRecord r;
        try {
            r = Json.read(bytes, GatewayRecord.class);
        } catch (RuntimeException e) {
            LOG.warnf("the gateway record of %s cannot be read (%s); treating it as absent", domain, e.getMessage());
            r = null;
        }
        cache.put(domain, new Parsed(bytes, r));
        return r;
    }

    public boolean isGateway(DomainName domain) {
        return get(domain.value()) != null;
    }
}
