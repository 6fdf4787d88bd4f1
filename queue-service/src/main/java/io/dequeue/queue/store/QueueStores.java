package io.dequeue.queue.store;

import io.dequeue.model.serde.JsonSerde;
import io.dequeue.queue.usage.UsageCounters;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Map;

/**
 * The names and builders of queue-service's state stores: persistent RocksDB, each with its
 * changelog, but for those derived from {@link #MESSAGES} (in memory, no changelog, rebuilt by
 * {@link HeldMail#rebuild()} when the task starts). No store holds a message body: bodies stay in
 * {@code mail.accepted} (BodySource).
 */
public final class QueueStores {
    /** domain NUL sequence -> {@link HeldMessage}. */
    public static final String MESSAGES = "held-messages";
    /**
     * messageId -> state key, of every message in {@link #MESSAGES} (HELD or RELEASED): in memory,
     * no changelog, rebuilt from the states when the task starts.
     */
    public static final String INDEX = "held-index";
    /**
     * {@link DeadlineKey} -> nothing: the deadlines that are not a function of one message's state
     * (grant and batch lease ends, throttled usage, DSN retries; and per-message leases, expiries
     * and delay warnings that earlier versions wrote here). Persistent, with changelog.
     */
    public static final String DEADLINES = "held-deadlines";
    /**
     * {@link DeadlineKey} -> nothing: every message's expiry and pending delay warning
     * ({@link DeadlineKey.Kind#derived()}), in memory, no changelog, rebuilt from the states when
     * the task starts. Read together with {@link #DEADLINES}, in due order.
     */
    public static final String MESSAGE_DEADLINES = "message-deadlines";
    /** domain NUL session -> {@link AtrnGrant}. */
    public static final String GRANTS = "atrn-grants";
    /** domain NUL release id -> {@link ReleaseJob}. */
    public static final String JOBS = "release-jobs";
    /**
     * domain -> {@link UsageCounters}: in memory, no changelog. The counters are a function of
     * {@link #MESSAGES} (count, bytes and released messages per domain), rebuilt from it when the
     * task starts ({@link HeldMail#rebuild()}); kept in a store so the admin API can query it.
     */
    public static final String USAGE = "domain-usage";
    /** Global: domain -> the gateway.config value bytes. */
    public static final String GATEWAYS = "gateways";

    /** Every store of the queue processor (not the global one). */
    public static final List<String> QUEUE_STORES = List.of(MESSAGES, INDEX, DEADLINES, MESSAGE_DEADLINES, GRANTS, JOBS,
            USAGE);

    /**
     * The changelogs of the stores (states, deadlines, grants, jobs) are stored
     * compressed: their records are structured keys and JSON that repeat from one message to the
     * next (a batch of a release compresses several times over), and they are read only to restore
     * a store. The broker compresses the batches it receives.
     */
    static final Map<String, String> SMALL_CHANGELOG = Map.of("compression.type", "lz4");

    private QueueStores() {
    }

    public static Serde<HeldMessage> messageSerde() {
        return new JsonSerde<>(HeldMessage.class);
    }

    /**
     * The builders of the queue processor's stores: persistent (RocksDB) with changelogs, and the
     * derived ones in memory without. Tests may turn the changelogs off, or use in-memory stores
     * (same ordering and API; the test driver flushes RocksDB after every record, which makes large
     * in-driver tests slow).
     */
    public static List<StoreBuilder<?>> builders(boolean changelog, boolean inMemory) {
        // A message's state and the other deadlines change a few times in its life, seconds or
        // more apart: a record cache would only add a sorted copy in front of RocksDB (and merge
        // it into every range scan) without saving a changelog write. Jobs and grants change many
        // times a second under load: cached, their changelog gets the last value of each commit.
        // Index, message deadlines and usage counters are derived from the states: in memory, not
        // logged (derived()).
        // (The cache is off by default, statestore.cache.max.bytes=0 in StreamsMemoryDefaults: a cached
        // entry keeps the raw source record it was written for, a whole message body.)
        return List.of(
                small(MESSAGES, Serdes.String(), messageSerde(), changelog, inMemory, false),
                derived(Stores.inMemoryKeyValueStore(INDEX), Serdes.String(), Serdes.String()),
                small(DEADLINES, Serdes.Bytes(), Serdes.ByteArray(), changelog, inMemory, false),
                // scanned for the earliest deadline after every tick: a store whose scans copy no keys
                derived(ScanningMemoryStore.supplier(MESSAGE_DEADLINES), Serdes.Bytes(), Serdes.ByteArray()),
                small(GRANTS, Serdes.String(), new JsonSerde<>(AtrnGrant.class), changelog, inMemory, true),
                small(JOBS, Serdes.String(), new JsonSerde<>(ReleaseJob.class), changelog, inMemory, true),
                derived(Stores.inMemoryKeyValueStore(USAGE), Serdes.String(), new JsonSerde<>(UsageCounters.class)));
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    /**
     * A store derived from the message states costs no changelog record: every change of it is
     * already a change of a message's state (usage counters: held, released, settled; the index
     * entry: held, settled; the expiry and delay warning: held, warned, expiry moved, settled), from
     * which it is rebuilt when the task starts. In memory, keys and values held once as their
     * bytes: per held message one index entry (message id -> state key) and one or two deadlines
     * (9 bytes and the state key each), per domain one set of usage counters.
     */
    private static <K, V> StoreBuilder<KeyValueStore<K, V>> derived(KeyValueBytesStoreSupplier in, Serde<K> k,
                                                                     Serde<V> v) {
        return Stores.keyValueStoreBuilder(in, k, v).withLoggingDisabled().withCachingDisabled();
    }

    /** The global store of gateways, filled from gateway.config (no changelog: the topic is its source). */
    public static StoreBuilder<KeyValueStore<String, byte[]>> gateways() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GATEWAYS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .withCachingDisabled();
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> small(String name, Serde<K> k, Serde<V> v, boolean changelog,
                                                                   boolean inMemory, boolean cached) {
        StoreBuilder<KeyValueStore<K, V>> b = Stores.keyValueStoreBuilder(supplier(name, inMemory), k, v);
        return logged(cached ? b.withCachingEnabled() : b.withCachingDisabled(), changelog, SMALL_CHANGELOG);
    }

    private static <S extends org.apache.kafka.streams.processor.StateStore> StoreBuilder<S> logged(
            StoreBuilder<S> b, boolean changelog, Map<String, String> config) {
        return changelog ? b.withLoggingEnabled(config) : b.withLoggingDisabled();
    }
}
