package io.dequeue.queue.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory key-value store without changelog whose range scans read the map in place. Kafka
 * Streams' own in-memory store copies every key of a range into a new set before it iterates it:
 * for the messages' deadlines, whose earliest entry is looked up after every tick, that is a copy
 * of one key per held message (200,000 at the tested scale) to read one. Here a scan walks a
 * {@link ConcurrentSkipListMap} (weakly consistent, safe to read from other threads); the keys
 * and values are held once, as the bytes they were written as.
 */
final class ScanningMemoryStore implements KeyValueStore<Bytes, byte[]> {
    private final String name;
    private final ConcurrentSkipListMap<Bytes, byte[]> map = new ConcurrentSkipListMap<>();
    private volatile boolean open;

    private ScanningMemoryStore(String name) {
        this.name = name;
    }

    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new ScanningMemoryStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Nothing to restore (no changelog); the callback would only see records of a changelog.
        context.register(root, (key, value) -> put(Bytes.wrap(key), value));
        open = true;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        map.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = map.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        return map.remove(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(from, to, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return iterator(from, to, true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(null, null, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return iterator(null, null, true);
    }

    /** {@code from..to}, both inclusive, either open (null); empty when from is after to, as Streams' stores are. */
    private KeyValueIterator<Bytes, byte[]> iterator(Bytes from, Bytes to, boolean reverse) {
        ConcurrentNavigableMap<Bytes, byte[]> m;
        if (from != null && to != null) {
            m = from.compareTo(to) > 0 ? new ConcurrentSkipListMap<>() : map.subMap(from, true, to, true);
        } else if (from != null) {
            m = map.tailMap(from, true);
        } else if (to != null) {
            m = map.headMap(to, true);
        } else {
            m = map;
        }
        return new Scan((reverse ? m.descendingMap() : m).entrySet().iterator());
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    private static final class Scan implements KeyValueIterator<Bytes, byte[]> {
        private final Iterator<Map.Entry<Bytes, byte[]>> it;
        private Map.Entry<Bytes, byte[]> next;

        Scan(Iterator<Map.Entry<Bytes, byte[]>> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            if (next == null && it.hasNext()) {
                next = it.next();
            }
            return next != null;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> r = KeyValue.pair(next.getKey(), next.getValue());
            next = null;
            return r;
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.getKey();
        }

        @Override
        public void close() {
        }
    }
}
