package io.dequeue.localkafka;

import io.dequeue.model.topic.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Apache Kafka broker (KRaft, {@code process.roles=broker,controller}) running in
 * this JVM, listening on 127.0.0.1 only.
 *
 * <p>The log directory is either temporary (created at start, deleted on {@link #close()}) or
 * persistent (a given folder: formatted on first use, reused as it is afterwards, so records survive
 * a restart). The quorum is static ({@code controller.quorum.voters}), so a persistent folder can be
 * reused with a different controller port.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
 *     TopicInitializer.createAll(kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements KafkaCluster {

    /** The only address the broker binds to and advertises. */
    public static final String HOST = "127.0.0.1";
    /** The broker's {@code message.max.bytes}: a record of {@link Topics#MAX_RECORD_BYTES} plus batch overhead. */
    public static final int MAX_MESSAGE_BYTES = Topics.MAX_RECORD_BYTES + 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
    /** The node id of a broker that is a cluster of its own. */
    static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final int BIND_ATTEMPTS = 5;
    private static final long READY_TIMEOUT_MS = 60_000;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final boolean formatted;
    private final long startupMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, boolean temporary, int port, int controllerPort,
                          String clusterId, boolean formatted, long startupMillis) {
        this.server = server;
        this.logDir = logDir;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.formatted = formatted;
        this.startupMillis = startupMillis;
    }

    /** Starts a broker with a temporary log directory; {@code port} 0 picks a free port. */
    public static EmbeddedKafka start(int port) {
        return builder().port(port).start();
    }

    /**
     * Starts a broker on {@code port} (0 picks a free port) with a persistent log directory, or a
     * temporary one if {@code dataDir} is null.
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return builder().port(port).dataDir(dataDir).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}. */
    @Override
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public boolean isEmbedded() {
        return true;
    }

    /** The port of the client (PLAINTEXT) listener. */
    public int port() {
        return port;
    }

    /** The port of the KRaft controller listener. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The log directory (temporary or persistent). */
    public Path logDir() {
        return logDir;
    }

    /** True if the log directory is deleted on close. */
    public boolean isTemporary() {
        return temporary;
    }

    /** The cluster id stored in the log directory. */
    public String clusterId() {
        return clusterId;
    }

    /** True if this start formatted the storage, false if it reused an already formatted folder. */
    public boolean formattedOnStart() {
        return formatted;
    }

    /** Milliseconds from the start call until an admin client could describe the cluster. */
    public long startupMillis() {
        return startupMillis;
    }

    /** True until {@link #close()} was called. */
    public boolean isRunning() {
        return !closed.get();
    }

    /** Stops the broker (controlled shutdown) and deletes a temporary log directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long begin = System.nanoTime();
        stopQuietly(server);
        if (temporary) {
            deleteRecursively(logDir);
        }
        LOG.log(Level.DEBUG, () -> "local Kafka on " + bootstrapServers() + " stopped in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + (temporary ? "temporary " : "persistent ") + logDir
                + (closed.get() ? ", closed]" : "]");
    }

    /** Options of a broker start. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private boolean quietLogging = true;
        private int nodeId = NODE_ID;
        private String quorumVoters;
        private String clusterId;
        private int replicas = 1;
        private int minInsyncReplicas = 1;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Client listener port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** Controller listener port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** A persistent log directory (created if missing, reused if already formatted); null = temporary. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Turn the broker's own log categories down to WARNING (default true). */
        public Builder quietLogging(boolean quietLogging) {
            this.quietLogging = quietLogging;
            return this;
        }

        /**
         * This broker as one node of a larger cluster (see {@link LocalCluster}): its node id, the static
         * controller quorum of every node ({@code 1@127.0.0.1:port,2@...}), which must name this node with
         * its {@link #controllerPort}, and the cluster id all nodes are formatted with. Without this call
         * the broker is a cluster of its own (node 1, a quorum of one, a random cluster id).
         */
        public Builder clusterNode(int nodeId, String quorumVoters, String clusterId) {
            if (nodeId < 0) {
                throw new IllegalArgumentException("not a node id: " + nodeId);
            }
            this.nodeId = nodeId;
            this.quorumVoters = Objects.requireNonNull(quorumVoters);
            this.clusterId = Objects.requireNonNull(clusterId);
            return this;
        }

        /**
         * The replication of every topic created without an explicit factor and of the internal topics
         * (consumer offsets, transaction state, share state): {@code replicas} copies, of which
         * {@code minInsyncReplicas} must have a write before {@code acks=all} succeeds. Default 1 and 1.
         */
        public Builder replication(int replicas, int minInsyncReplicas) {
            if (replicas < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicas) {
                throw new IllegalArgumentException("replication " + replicas + " with min.insync.replicas "
                        + minInsyncReplicas);
            }
            this.replicas = replicas;
            this.minInsyncReplicas = minInsyncReplicas;
            return this;
        }

        /** Any other broker setting, applied over the defaults (listeners and log dirs stay ours). */
        public Builder brokerProperty(String name, String value) {
            overrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Starts the broker and returns once a client can describe the cluster. */
        public EmbeddedKafka start() {
            return EmbeddedKafka.launch(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static EmbeddedKafka launch(Builder options) {
        long begin = System.nanoTime();
        if (options.quietLogging) {
            BrokerLogging.quietBroker();
        }
        if (options.port != 0) {
            requireFree(options.port);
        }
        boolean temporary = options.dataDir == null;
        Path logDir;
        try {
            logDir = temporary ? Files.createTempDirectory("local-kafka-")
                    : Files.createDirectories(options.dataDir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory", e);
        }
        try {
            boolean format = !Files.exists(logDir.resolve(META_PROPERTIES));
            if (format) {
                format(logDir, options.nodeId,
                        options.clusterId != null ? options.clusterId : Uuid.randomUuid().toString());
            }
            String clusterId = readClusterId(logDir);
            RuntimeException lastBindFailure = null;
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                int port = options.port != 0 ? options.port : freePort();
                int controllerPort = options.controllerPort != 0 ? options.controllerPort : freePort(port);
                KafkaConfig config = new KafkaConfig(brokerConfig(options, logDir, port, controllerPort), false);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    long beforeStartup = System.nanoTime();
                    server.startup();
                    long afterStartup = System.nanoTime();
                    awaitReady(HOST + ":" + port, begin);
                    LOG.log(Level.DEBUG, () -> "broker start phases: prepare "
                            + TimeUnit.NANOSECONDS.toMillis(beforeStartup - begin) + " ms, startup "
                            + TimeUnit.NANOSECONDS.toMillis(afterStartup - beforeStartup) + " ms, ready check "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - afterStartup) + " ms");
                } catch (Exception e) {
                    stopQuietly(server);
                    RuntimeException failure = e instanceof RuntimeException r ? r
                            : new IllegalStateException("Kafka broker failed to start", e);
                    boolean retry = isBindFailure(e) && (options.port == 0 || options.controllerPort == 0)
                            && attempt < BIND_ATTEMPTS;
                    if (!retry) {
                        throw failure;
                    }
                    lastBindFailure = failure;
                    LOG.log(Level.DEBUG, "port taken between picking and binding, retrying", e);
                    continue;
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, temporary, port, controllerPort, clusterId,
                        format, millis);
                LOG.log(Level.INFO, () -> "local Kafka ready on " + kafka.bootstrapServers() + " in " + millis + " ms ("
                        + (temporary ? "temporary" : format ? "new persistent" : "reused persistent") + " log dir "
                        + logDir + ")");
                return kafka;
            }
            throw lastBindFailure;
        } catch (RuntimeException | Error e) {
            if (temporary) {
                deleteRecursively(logDir);
            }
            throw e;
        }
    }

    /** The broker settings of one node that is both broker and controller. */
    static Map<String, String> brokerConfig(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Builder options = builder();
        options.overrides.putAll(overrides);
        return brokerConfig(options, logDir, port, controllerPort);
    }

    private static Map<String, String> brokerConfig(Builder options, Path logDir, int port, int controllerPort) {
        String nodeId = Integer.toString(options.nodeId);
        String replicas = Integer.toString(options.replicas);
        String minIsr = Integer.toString(options.minInsyncReplicas);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", nodeId);
        p.put("controller.quorum.voters", options.quorumVoters != null ? options.quorumVoters
                : nodeId + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        // every internal topic with the cluster's replication (one replica on a node of its own)
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("unclean.leader.election.enable", "false");
        // large mail: a record of Topics.MAX_RECORD_BYTES must pass the broker and its replication
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("socket.request.max.bytes", Integer.toString(Math.max(100 * 1024 * 1024, MAX_MESSAGE_BYTES * 2)));
        // small machine: modest thread counts and cleaner buffer (the default buffer is 128 MiB of heap)
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.backoff.ms", "1000");
        p.putAll(options.overrides);
        // these identify this broker and must not be overridden
        p.put("log.dirs", logDir.toString());
        p.put("node.id", nodeId);
        return p;
    }

    private static void format(Path logDir, int nodeId, String clusterId) {
        String dir = logDir.toString();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(dir))
                .setMetadataLogDirectory(dir)
                .setControllerListenerName(CONTROLLER_LISTENER);
        try {
            formatter.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
        }
    }

    private static String readClusterId(Path logDir) {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDir.resolve(META_PROPERTIES))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logDir.resolve(META_PROPERTIES), e);
        }
        String clusterId = meta.getProperty("cluster.id");
        if (clusterId == null) {
            throw new IllegalStateException(logDir.resolve(META_PROPERTIES) + " has no cluster.id");
        }
        return clusterId;
    }

    /** Waits until an admin client sees this broker in the cluster description. */
    private static void awaitReady(String bootstrapServers, long beginNanos) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-ready",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        long deadline = beginNanos + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    java.util.Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka on " + bootstrapServers + " did not become ready", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka on " + bootstrapServers + " did not become ready");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "error while stopping the local Kafka broker", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + HOST + ":" + port + " is already in use", e);
        }
    }

    /** A port free on 127.0.0.1 right now (different from {@code avoid}). */
    private static int freePort(int... avoid) {
        for (int i = 0; i < 20; i++) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
                candidate = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
            boolean clash = false;
            for (int a : avoid) {
                clash |= a == candidate;
            }
            if (!clash) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find a free port");
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot delete " + path, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete " + dir, e);
        }
    }
}
