package io.dequeue.localkafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of several KRaft nodes on 127.0.0.1, each node broker and controller in a JVM of
 * its own ({@link ClusterNodeMain}), so that one can be killed while the others serve: the controller
 * quorum is every node, topics have {@link #replicas()} copies of which {@link #minInsyncReplicas()}
 * must have a write. A node that dies is started again after {@link Builder#restartDelay} (as
 * Kubernetes restarts a broker pod), on its ports and its data.
 *
 * <pre>{@code
 * try (LocalCluster kafka = LocalCluster.builder().nodes(3).start()) {
 *     ... kafka.bootstrapServers() ... kafka.process(2).destroyForcibly() ...
 * }
 * }</pre>
 */
public final class LocalCluster implements KafkaCluster {

    /** One node: its id, client port and controller port. */
    public record Node(int id, int port, int controllerPort) {
        /** {@code 127.0.0.1:<port>}. */
        public String address() {
            return EmbeddedKafka.HOST + ":" + port;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Builder options;
    private final List<Node> nodes;
    private final String clusterId;
    private final Path dataDir;
    private final boolean temporary;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> starts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-kafka-cluster-restart");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    private LocalCluster(Builder options, List<Node> nodes, Path dataDir, boolean temporary) {
        this.options = options;
        this.nodes = List.copyOf(nodes);
        this.clusterId = Uuid.randomUuid().toString();
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every node's client address, comma separated. */
    @Override
    public String bootstrapServers() {
        return nodes.stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** The nodes run in JVMs of their own, started by this one. */
    @Override
    public boolean isEmbedded() {
        return true;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Copies of each topic and of the internal topics. */
    public int replicas() {
        return options.replicas();
    }

    /** Copies that must have a write before {@code acks=all} succeeds. */
    public int minInsyncReplicas() {
        return options.minInsyncReplicas();
    }

    /** The running process of node {@code id}, empty while it is down (killed, not yet restarted). */
    public Optional<Process> process(int id) {
        return Optional.ofNullable(processes.get(id)).filter(Process::isAlive);
    }

    /** How many times node {@code id} was started (1, plus one per restart). */
    public int starts(int id) {
        return starts.getOrDefault(id, 0);
    }

    /** The folder holding every node's data ({@code node-<id>}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops every node (SIGTERM, then SIGKILL after 10 s) and deletes a temporary data folder. */
    @Override
    public void close() {
        closing = true;
        restarts.shutdownNow();
        List<Process> running = new ArrayList<>(processes.values());
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Process p : running) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (temporary) {
            EmbeddedKafka.deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + bootstrapServers() + ", " + dataDir + (closing ? ", closed]" : "]");
    }

    /** Options of a cluster start. */
    public static final class Builder {
        private int nodes = 3;
        private int firstPort;
        private Path dataDir;
        private Duration restartDelay = Duration.ofSeconds(5);
        private List<String> jvmOptions = List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1");
        private PrintStream output = System.out;

        private Builder() {
        }

        /** How many nodes (at least 2; default 3). */
        public Builder nodes(int nodes) {
            if (nodes < 2 || nodes > 9) {
                throw new IllegalArgumentException("a cluster has 2 to 9 nodes: " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The client port of node 1; 0 (the default) picks a free one. The other ports are always free ones. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.firstPort = port;
            return this;
        }

        /** A persistent folder for the nodes' data (node-1, node-2, ...); null (the default) = temporary. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How long after a node died it is started again; null = never. Default 5 s. */
        public Builder restartDelay(Duration restartDelay) {
            this.restartDelay = restartDelay;
            return this;
        }

        /** The JVM options of every node. */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** Where the nodes' output goes, each line prefixed with {@code node <id>: }. Default standard output. */
        public Builder output(PrintStream output) {
            this.output = Objects.requireNonNull(output);
            return this;
        }

        int replicas() {
            return Math.min(3, nodes);
        }

        int minInsyncReplicas() {
            return replicas() - 1;
        }

        /** Starts every node, waits until each answers, and creates the contract topics. */
        public LocalCluster start() {
            return LocalCluster.launch(this);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static LocalCluster launch(Builder options) {
        boolean temporary = options.dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("local-kafka-cluster-")
                    : Files.createDirectories(options.dataDir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data folder", e);
        }
        LocalCluster cluster = new LocalCluster(options, layout(options), dir, temporary);
        try {
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (Node node : cluster.nodes) {
                ready.add(cluster.spawn(node));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            TopicInitializer.createAll(cluster.bootstrapServers(), (short) options.replicas(),
                    options.minInsyncReplicas());
            return cluster;
        } catch (Exception e) {
            cluster.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the local Kafka cluster did not start: " + e.getMessage(), e);
        }
    }

    /** Picks every port now: the static controller quorum names each node's controller port. */
    private static List<Node> layout(Builder options) {
        Set<Integer> taken = new HashSet<>();
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= options.nodes; id++) {
            int port = id == 1 && options.firstPort != 0 ? options.firstPort : freePort(taken);
            taken.add(port);
            int controllerPort = freePort(taken);
            taken.add(controllerPort);
            nodes.add(new Node(id, port, controllerPort));
        }
        return nodes;
    }

    private String voters() {
        return nodes.stream().map(n -> n.id() + "@" + EmbeddedKafka.HOST + ":" + n.controllerPort())
                .collect(Collectors.joining(","));
    }

    /** Starts node's JVM; the future completes when the node says it is ready, fails if it exits first. */
    private CompletableFuture<Void> spawn(Node node) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterNodeMain.class.getName(),
                "--node-id", Integer.toString(node.id()),
                "--port", Integer.toString(node.port()),
                "--controller-port", Integer.toString(node.controllerPort()),
                "--voters", voters(),
                "--cluster-id", clusterId,
                "--data-dir", dataDir.resolve("node-" + node.id()).toString(),
                "--replicas", Integer.toString(options.replicas()),
                "--min-isr", Integer.toString(options.minInsyncReplicas())));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        processes.put(node.id(), process);
        starts.merge(node.id(), 1, Integer::sum);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(node, process, ready), "local-kafka-node-" + node.id() + "-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> exited(node, process, ready));
        return ready;
    }

    /** Copies the node's output, prefixed; completes {@code ready} on its ready line. */
    private void pump(Node node, Process process, CompletableFuture<Void> ready) {
        String readyLine = ClusterNodeMain.READY_PREFIX + node.id() + " READY";
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                options.output.println("node " + node.id() + ": " + line);
                if (line.startsWith(readyLine)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            // the node ended
        }
    }

    private void exited(Node node, Process process, CompletableFuture<Void> ready) {
        ready.completeExceptionally(new IllegalStateException("node " + node.id() + " exited with "
                + process.exitValue() + " before it was ready"));
        if (closing) {
            return;
        }
        Duration delay = options.restartDelay;
        options.output.println("local-kafka: node " + node.id() + " (pid " + process.pid() + ") exited with "
                + process.exitValue() + (delay == null ? "" : "; starting it again in " + delay.toMillis() + " ms"));
        if (delay != null) {
            restarts.schedule(() -> {
                if (!closing) {
                    spawn(node);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static int freePort(Set<Integer> avoid) {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(EmbeddedKafka.HOST))) {
                int candidate = socket.getLocalPort();
                if (!avoid.contains(candidate)) {
                    return candidate;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("cannot find a free port");
    }
}
