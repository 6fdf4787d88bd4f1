package io.dequeue.localkafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one Kafka for the whole test JVM, with the contract topics.
 *
 * <pre>{@code
 * @ExtendWith(LocalKafkaExtension.class)
 * class MyTest {
 *     @Test
 *     void sends(KafkaCluster kafka) {
 *         ... kafka.bootstrapServers() ...   // or LocalKafkaExtension.bootstrapServers()
 *     }
 * }
 * }</pre>
 *
 * <p>The broker is started lazily by the first test class that uses the extension (or by
 * {@link LocalKafkaResource}, whichever comes first: it is {@link SharedKafka}), kept in the root
 * extension context's store and stopped when the test run ends. The system property
 * {@value #BOOTSTRAP_PROPERTY} is set to its bootstrap servers. Parameters of type
 * {@link KafkaCluster} and {@link EmbeddedKafka} (the latter only when the broker runs in this JVM)
 * are resolved. {@code KAFKA_BOOTSTRAP_SERVERS} selects an external cluster instead (see
 * {@link KafkaTarget}).
 *
 * <p>For {@code @QuarkusTest} classes use {@link LocalKafkaResource} instead: it hands the
 * configuration to Quarkus before the application starts.
 */
public final class LocalKafkaExtension implements BeforeAllCallback, ParameterResolver {

    /** The system property set to the bootstrap servers. */
    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalKafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaCluster.class || type == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        KafkaCluster cluster = cluster(extensionContext);
        if (parameterContext.getParameter().getType() == EmbeddedKafka.class) {
            if (cluster instanceof EmbeddedKafka embedded) {
                return embedded;
            }
            throw new ParameterResolutionException("Kafka is not an in-process broker here (" + cluster.bootstrapServers()
                    + "): declare the parameter as KafkaCluster");
        }
        return cluster;
    }

    /** The bootstrap servers of the shared Kafka, starting it if no test started it yet. */
    public static String bootstrapServers() {
        String servers = SharedKafka.get().bootstrapServers();
        System.setProperty(BOOTSTRAP_PROPERTY, servers);
        return servers;
    }

    /** The shared Kafka, starting it if no test started it yet. */
    public static KafkaCluster cluster() {
        bootstrapServers();
        return SharedKafka.get();
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Handle handle = store.computeIfAbsent(Handle.class, key -> new Handle(), Handle.class);
        KafkaCluster cluster = handle.cluster();
        System.setProperty(BOOTSTRAP_PROPERTY, cluster.bootstrapServers());
        return cluster;
    }

    /**
     * Kept in the root store: JUnit closes it (it is {@link AutoCloseable}) when the test run ends,
     * which stops the shared broker.
     */
    private static final class Handle implements AutoCloseable {
        KafkaCluster cluster() {
            return SharedKafka.get();
        }

        @Override
        public void close() {
            SharedKafka.stop();
            System.clearProperty(BOOTSTRAP_PROPERTY);
        }
    }
}
