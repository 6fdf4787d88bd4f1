package io.dequeue.queue.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The heap the derived stores take per held message (bench/derived-heap.sh): the index (Kafka's
 * in-memory store, as {@link QueueStores} builds it) and one expiry deadline each
 * ({@link ScanningMemoryStore}), for {@code N} messages spread over 2,000 domains, measured as the
 * heap in use after full collections before and after filling them. Not a test.
 */
public final class DerivedStoresHeap {
    private DerivedStoresHeap() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        long before = usedAfterGc();
        KeyValueStore<Bytes, byte[]> index = Stores.inMemoryKeyValueStore(QueueStores.INDEX).get();
        KeyValueStore<Bytes, byte[]> deadlines = ScanningMemoryStore.supplier(QueueStores.MESSAGE_DEADLINES).get();
        long at = 1_800_000_000_000L;
        for (int i = 0; i < n; i++) {
            String stateKey = StateKey.of("domain-" + (i % 2000) + ".example", 1_000_000L + i);
            index.put(Bytes.wrap(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)),
                    stateKey.getBytes(StandardCharsets.UTF_8));
            deadlines.put(new DeadlineKey(at + i * 1000L, DeadlineKey.Kind.EXPIRY, stateKey).toBytes(), new byte[0]);
        }
        long after = usedAfterGc();
        if (index.approximateNumEntries() != n) {
            throw new IllegalStateException("the index holds " + index.approximateNumEntries() + ", not " + n);
        }
        System.out.printf("%,d held messages: index + expiry deadlines take %.1f MiB of heap, %.0f bytes per message%n",
                n, (after - before) / 1048576.0, (after - before) / (double) n);
    }

    private static long usedAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
