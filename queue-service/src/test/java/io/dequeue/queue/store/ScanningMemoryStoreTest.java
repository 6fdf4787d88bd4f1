package io.dequeue.queue.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store of the messages' deadlines: ordered, inclusive ranges, read in place. */
class ScanningMemoryStoreTest {
    private final KeyValueStore<Bytes, byte[]> store = ScanningMemoryStore.supplier("s").get();

    private static Bytes k(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return Bytes.wrap(r);
    }

    private static List<Bytes> keys(KeyValueIterator<Bytes, byte[]> it) {
        List<Bytes> r = new ArrayList<>();
        try (it) {
            it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> r.add(kv.key));
        }
        return r;
    }

    @Test
    void rangesAreInclusiveAndInUnsignedByteOrder() {
        for (Bytes b : List.of(k(0xFF), k(1), k(1, 0), k(0x80), k(2))) {
            store.put(b, new byte[0]);
        }
        assertThat(keys(store.all())).containsExactly(k(1), k(1, 0), k(2), k(0x80), k(0xFF));
        assertThat(keys(store.range(k(1, 0), k(0x80)))).containsExactly(k(1, 0), k(2), k(0x80));
        assertThat(keys(store.reverseRange(k(1, 0), k(0x80)))).containsExactly(k(0x80), k(2), k(1, 0));
        assertThat(keys(store.range(k(3), k(2)))).isEmpty();
        assertThat(keys(store.reverseAll())).first().isEqualTo(k(0xFF));
        assertThat(store.approximateNumEntries()).isEqualTo(5);
    }

    @Test
    void aScanSeesNoChangeMadeAfterItsNextKeyWasReadAndDeletingWhileScanningIsSafe() {
        store.put(k(1), new byte[0]);
        store.put(k(2), new byte[0]);
        KeyValueIterator<Bytes, byte[]> it = store.all();
        assertThat(it.next().key).isEqualTo(k(1));
        store.delete(k(1));
        store.put(k(3), new byte[0]);
        assertThat(keys(it)).containsExactly(k(2), k(3));
    }

    @Test
    void aNullValueDeletesAndCloseEmptiesTheStore() {
        store.put(k(1), new byte[] {7});
        assertThat(store.putIfAbsent(k(1), new byte[] {8})).containsExactly(7);
        store.put(k(1), null);
        assertThat(store.get(k(1))).isNull();
        store.put(k(2), new byte[0]);
        store.close();
        assertThat(keys(store.all())).isEmpty();
        assertThat(store.isOpen()).isFalse();
    }
}
