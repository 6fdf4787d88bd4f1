package io.dequeue.localkafka;

/**
 * A Kafka cluster that tests and the local run talk to: either the in-process {@link EmbeddedKafka}
 * broker or an external cluster named by {@code KAFKA_BOOTSTRAP_SERVERS} (see {@link KafkaTarget}).
 */
public interface KafkaCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients, for example {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /** True for a broker running in this JVM, false for an external cluster. */
    boolean isEmbedded();

    /** Stops the broker if this JVM runs it; does nothing for an external cluster. Never throws. */
    @Override
    void close();

    /** An external cluster: this JVM only talks to it and never stops it. */
    record External(String bootstrapServers) implements KafkaCluster {
        public External {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must not be blank");
            }
            bootstrapServers = bootstrapServers.trim();
        }

        @Override
        public boolean isEmbedded() {
            return false;
        }

        @Override
        public void close() {
            // not ours to stop
        }
    }
}
