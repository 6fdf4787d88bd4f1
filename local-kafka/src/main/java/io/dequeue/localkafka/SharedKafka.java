package io.dequeue.localkafka;

import java.util.Objects;
import java.util.Optional;

/**
 * The one Kafka of a test JVM, started lazily on first use with the contract topics, stopped by
 * {@link #stop()} or at JVM exit. Used by {@link LocalKafkaExtension} and {@link LocalKafkaResource}.
 *
 * <p>Which Kafka it is comes from {@link KafkaTarget#resolve()}: the in-process broker unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} names an external cluster.
 *
 * <p>Quarkus tests may load this class a second time in another class loader. The broker is shared
 * anyway: the class loader that starts it publishes the bootstrap servers in the system property
 * {@value #SHARED_PROPERTY}, and a copy of this class in another class loader uses that broker instead
 * of starting its own. Only the starter stops it.
 */
public final class SharedKafka {

    /** System property holding the bootstrap servers of the JVM-wide shared Kafka while it runs. */
    public static final String SHARED_PROPERTY = "dequeue.localkafka.shared-bootstrap-servers";

    /**
     * The lock. A string constant is interned, so it is the same object for every class loader
     * that loads this class: starting is serialised JVM-wide.
     */
    private static final Object LOCK = SHARED_PROPERTY;

    private static KafkaCluster cluster; // guarded by LOCK
    private static boolean owner; // guarded by LOCK
    private static Thread shutdownHook; // guarded by LOCK

    private SharedKafka() {
    }

    /** The shared Kafka, started (and its topics created) on first call. */
    public static KafkaCluster get() {
        synchronized (LOCK) {
            if (cluster != null && !stillUsable()) {
                cluster = null;
            }
            if (cluster != null) {
                return cluster;
            }
            String published = System.getProperty(SHARED_PROPERTY);
            if (published != null && !published.isBlank()) {
                cluster = new KafkaCluster.External(published);
                owner = false;
                return cluster;
            }
            KafkaCluster started = KafkaTarget.resolve().start();
            cluster = started;
            owner = true;
            System.setProperty(SHARED_PROPERTY, started.bootstrapServers());
            if (shutdownHook == null) {
                shutdownHook = new Thread(SharedKafka::stop, "local-kafka-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            return cluster;
        }
    }

    /** The shared Kafka if it was started (here or by another class loader), without starting it. */
    public static Optional<KafkaCluster> current() {
        synchronized (LOCK) {
            if (cluster != null && stillUsable()) {
                return Optional.of(cluster);
            }
            String published = System.getProperty(SHARED_PROPERTY);
            return published == null || published.isBlank() ? Optional.empty()
                    : Optional.of(new KafkaCluster.External(published));
        }
    }

    /** Stops the shared broker if this class loader started it; otherwise only forgets it. */
    public static void stop() {
        synchronized (LOCK) {
            if (cluster == null) {
                return;
            }
            KafkaCluster stopping = cluster;
            boolean mine = owner;
            cluster = null;
            owner = false;
            if (mine) {
                if (Objects.equals(System.getProperty(SHARED_PROPERTY), stopping.bootstrapServers())) {
                    System.clearProperty(SHARED_PROPERTY);
                }
                stopping.close();
            }
        }
    }

    private static boolean stillUsable() {
        if (owner) {
            return !(cluster instanceof EmbeddedKafka embedded) || embedded.isRunning();
        }
        return Objects.equals(System.getProperty(SHARED_PROPERTY), cluster.bootstrapServers());
    }
}
