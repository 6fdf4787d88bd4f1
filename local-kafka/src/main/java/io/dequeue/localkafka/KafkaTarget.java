package io.dequeue.localkafka;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which Kafka tests use: an external cluster when {@code KAFKA_BOOTSTRAP_SERVERS} is set (as an
 * environment variable or a system property; the system property wins), otherwise the in-process
 * {@link EmbeddedKafka} broker.
 *
 * <p>The system property {@code dequeue.kafka} can force the choice: {@code embedded} or
 * {@code external}. {@code testcontainers} is recognised but not available in this build (there is
 * no Docker engine here): it fails with a clear message rather than silently starting something else.
 */
public final class KafkaTarget {

    /** Environment variable or system property naming an external cluster. */
    public static final String BOOTSTRAP_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    /** System property (or environment variable {@code DEQUEUE_KAFKA}) forcing the kind of target. */
    public static final String MODE_PROPERTY = "dequeue.kafka";

    /** The kinds of target. */
    public enum Kind { EMBEDDED, EXTERNAL }

    private final Kind kind;
    private final String externalBootstrapServers;

    private KafkaTarget(Kind kind, String externalBootstrapServers) {
        this.kind = kind;
        this.externalBootstrapServers = externalBootstrapServers;
    }

    /** The target chosen by this JVM's environment variables and system properties. */
    public static KafkaTarget resolve() {
        return resolve(System::getenv, System::getProperty);
    }

    /** The target chosen by the given environment and system properties (for tests). */
    public static KafkaTarget resolve(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        Objects.requireNonNull(environment);
        Objects.requireNonNull(systemProperties);
        String bootstrap = firstNonBlank(systemProperties.apply(BOOTSTRAP_SERVERS_VARIABLE),
                environment.apply(BOOTSTRAP_SERVERS_VARIABLE));
        String mode = firstNonBlank(systemProperties.apply(MODE_PROPERTY), environment.apply("DEQUEUE_KAFKA"));
        if (mode == null) {
            return bootstrap != null ? external(bootstrap) : embedded();
        }
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "embedded":
                return embedded();
            case "external":
                if (bootstrap == null) {
                    throw new IllegalStateException(MODE_PROPERTY + "=external needs " + BOOTSTRAP_SERVERS_VARIABLE);
                }
                return external(bootstrap);
            case "testcontainers":
                throw new UnsupportedOperationException(MODE_PROPERTY + "=testcontainers is not available in this "
                        + "build: use the embedded broker (default) or set " + BOOTSTRAP_SERVERS_VARIABLE);
            default:
                throw new IllegalArgumentException("unknown " + MODE_PROPERTY + " value '" + mode
                        + "': expected embedded or external");
        }
    }

    /** The in-process broker. */
    public static KafkaTarget embedded() {
        return new KafkaTarget(Kind.EMBEDDED, null);
    }

    /** An external cluster. */
    public static KafkaTarget external(String bootstrapServers) {
        return new KafkaTarget(Kind.EXTERNAL, new KafkaCluster.External(bootstrapServers).bootstrapServers());
    }

    public Kind kind() {
        return kind;
    }

    /** The external cluster's bootstrap servers; empty for the embedded broker. */
    public Optional<String> externalBootstrapServers() {
        return Optional.ofNullable(externalBootstrapServers);
    }

    /**
     * Makes the target usable: starts an embedded broker on a free port with a temporary log
     * directory, or just connects to the external cluster; then creates the contract topics there.
     * The caller closes the result (closing an external cluster does nothing).
     */
    public KafkaCluster start() {
        KafkaCluster cluster = kind == Kind.EMBEDDED ? EmbeddedKafka.start(0)
                : new KafkaCluster.External(externalBootstrapServers);
        try {
            TopicInitializer.createAll(cluster.bootstrapServers());
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return kind == Kind.EMBEDDED ? "embedded Kafka" : "external Kafka at " + externalBootstrapServers;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        if (second != null && !second.isBlank()) {
            return second.trim();
        }
        return null;
    }
}
