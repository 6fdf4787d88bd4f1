package io.dequeue.queue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Plain JUnit tests: Kafka and RocksDB log only warnings (Quarkus tests configure logging themselves). */
public final class TestLogging {
    private static final List<Logger> KEPT = List.of(Logger.getLogger("org.apache.kafka"), Logger.getLogger("org.rocksdb"),
            Logger.getLogger("kafka"), Logger.getLogger("org.apache.zookeeper"));

    private TestLogging() {
    }

    public static void quiet() {
        KEPT.forEach(l -> l.setLevel(Level.WARNING));
    }
}
