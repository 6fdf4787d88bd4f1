package io.dequeue.localkafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The local broker of the one-command run: a single-node KRaft broker on 127.0.0.1 with the contract
 * topics, until SIGINT or SIGTERM.
 *
 * <pre>
 * LocalKafkaMain [--port 9092] [--data-dir PATH [--fresh]] [--nodes N] [--set NAME=VALUE]...
 *   --port N        client port (default 9092, or the environment variable DEQUEUE_KAFKA_PORT); 0 = any free port
 *   --data-dir PATH keep the broker's data in PATH across runs (default: a temporary folder, deleted at exit)
 *   --fresh         delete PATH first
 *   --nodes N       a cluster of N nodes (default 1), each in a JVM of its own ({@link LocalCluster})
 *   --set NAME=VALUE  a broker setting over the defaults (single node only), e.g.
 *                   {@code --set log.flush.interval.messages=1} to flush every write to disk
 * </pre>
 *
 * <p>Prints {@code LOCAL-KAFKA READY <bootstrap servers> in <ms> ms} on standard output once clients
 * can connect and the topics exist ({@code 127.0.0.1:<port>}, or every node's address, comma separated,
 * node 1 on {@code --port}); the broker's own logging is limited to warnings (standard error).
 */
public final class LocalKafkaMain {

    /** Environment variable overriding the default port. */
    public static final String PORT_VARIABLE = "DEQUEUE_KAFKA_PORT";
    /** The default client port. */
    public static final int DEFAULT_PORT = 9092;

    private LocalKafkaMain() {
    }

    /** Parsed command line. */
    record Options(int port, Path dataDir, boolean fresh, int nodes, Map<String, String> brokerSettings) {
        Options {
            brokerSettings = Map.copyOf(brokerSettings);
        }

        Options(int port, Path dataDir, boolean fresh, int nodes) {
            this(port, dataDir, fresh, nodes, Map.of());
        }

        Options(int port, Path dataDir, boolean fresh) {
            this(port, dataDir, fresh, 1);
        }
    }

    public static void main(String[] args) {
        long begin = System.nanoTime();
        Options options;
        try {
            options = parse(args, System.getenv(PORT_VARIABLE));
        } catch (IllegalArgumentException e) {
            System.err.println("local-kafka: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null) {
            usage(System.out);
            return;
        }
        BrokerLogging.configureStandalone();
        if (options.nodes() > 1) {
            runCluster(options, begin);
            return;
        }

        AtomicReference<EmbeddedKafka> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            EmbeddedKafka toStop = running.getAndSet(null);
            if (toStop != null) {
                long stopBegin = System.nanoTime();
                toStop.close();
                System.err.println("local-kafka: stopped in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopBegin) + " ms");
            }
            stopped.countDown();
        }, "local-kafka-stop"));

        EmbeddedKafka kafka;
        try {
            if (options.fresh() && options.dataDir() != null) {
                wipe(options.dataDir());
            }
            EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(options.port()).dataDir(options.dataDir());
            options.brokerSettings().forEach(builder::brokerProperty);
            kafka = builder.start();
            options.brokerSettings().forEach((name, value) ->
                    System.err.println("local-kafka: broker setting " + name + "=" + value));
            running.set(kafka);
        } catch (RuntimeException e) {
            System.err.println("LOCAL-KAFKA FAILED: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        try {
            TopicInitializer.createAll(kafka.bootstrapServers());
        } catch (RuntimeException e) {
            System.err.println("LOCAL-KAFKA FAILED: cannot create topics: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        System.err.println("local-kafka: data in " + kafka.logDir()
                + (kafka.isTemporary() ? " (temporary)" : kafka.formattedOnStart() ? " (new)" : " (reused)"));
        System.out.println("LOCAL-KAFKA READY " + kafka.bootstrapServers() + " in " + millis + " ms");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code --nodes N} run: N node JVMs (each with this JVM's options), until SIGINT or SIGTERM. */
    private static void runCluster(Options options, long begin) {
        AtomicReference<LocalCluster> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalCluster toStop = running.getAndSet(null);
            if (toStop != null) {
                toStop.close();
                System.err.println("local-kafka: cluster stopped");
            }
            stopped.countDown();
        }, "local-kafka-stop"));
        LocalCluster cluster;
        try {
            if (options.fresh() && options.dataDir() != null) {
                for (int id = 1; id <= options.nodes(); id++) {
                    wipe(options.dataDir().resolve("node-" + id));
                }
            }
            cluster = LocalCluster.builder().nodes(options.nodes()).port(options.port()).dataDir(options.dataDir())
                    .jvmOptions(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                    .start();
            running.set(cluster);
        } catch (RuntimeException e) {
            System.err.println("LOCAL-KAFKA FAILED: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        System.err.println("local-kafka: " + options.nodes() + " nodes, replication " + cluster.replicas()
                + ", min.insync.replicas " + cluster.minInsyncReplicas() + ", data in " + cluster.dataDir());
        System.out.println("LOCAL-KAFKA READY " + cluster.bootstrapServers() + " in " + millis + " ms");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a data directory, refusing anything that does not look like a Kafka log directory. */
    static void wipe(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(dataDir)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir, e);
        }
        if (!empty && !Files.exists(dataDir.resolve("meta.properties"))) {
            throw new IllegalArgumentException("--fresh: " + dataDir
                    + " is not a Kafka data directory (no meta.properties); not deleting it");
        }
        EmbeddedKafka.deleteRecursively(dataDir);
    }

    /** Parses the command line; null means "print the usage and exit". */
    static Options parse(String[] args, String portVariable) {
        int port = DEFAULT_PORT;
        if (portVariable != null && !portVariable.isBlank()) {
            port = parsePort(portVariable.trim(), PORT_VARIABLE);
        }
        Path dataDir = null;
        boolean fresh = false;
        int nodes = 1;
        Map<String, String> brokerSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg.toLowerCase(Locale.ROOT)) {
                case "--port" -> {
                    if (value == null) {
                        value = next(args, ++i, arg);
                    }
                    port = parsePort(value, "--port");
                }
                case "--data-dir" -> {
                    if (value == null) {
                        value = next(args, ++i, arg);
                    }
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--data-dir needs a path");
                    }
                    dataDir = Path.of(value).toAbsolutePath().normalize();
                }
                case "--fresh" -> fresh = true;
                case "--nodes" -> {
                    if (value == null) {
                        value = next(args, ++i, arg);
                    }
                    nodes = parseNodes(value);
                }
                case "--set" -> {
                    if (value == null) {
                        value = next(args, ++i, arg);
                    }
                    int sep = value.indexOf('=');
                    if (sep <= 0 || sep == value.length() - 1) {
                        throw new IllegalArgumentException("--set needs NAME=VALUE, not " + value);
                    }
                    brokerSettings.put(value.substring(0, sep).trim(), value.substring(sep + 1).trim());
                }
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + " is not a directory");
        }
        if (nodes > 1 && !brokerSettings.isEmpty()) {
            throw new IllegalArgumentException("--set applies to a single node only");
        }
        return new Options(port, dataDir, fresh, nodes, brokerSettings);
    }

    private static int parseNodes(String value) {
        try {
            int nodes = Integer.parseInt(value);
            if (nodes >= 1 && nodes <= 9) {
                return nodes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--nodes: 1 to 9, not " + value);
    }

    private static String next(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String value, String what) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + ": not a port: " + value);
    }

    private static void usage(PrintStream out) {
        out.println("usage: LocalKafkaMain [--port N] [--data-dir PATH [--fresh]] [--nodes N] [--set NAME=VALUE]...");
        out.println("  --port N         client port on 127.0.0.1 (default " + DEFAULT_PORT + ", env " + PORT_VARIABLE
                + "); 0 = any free port");
        out.println("  --data-dir PATH  keep Kafka's data in PATH across runs (default: temporary, deleted at exit)");
        out.println("  --fresh          delete the data of PATH before starting");
        out.println("  --nodes N        a cluster of N nodes (default 1), each in its own JVM: replication min(N, 3),");
        out.println("                   min.insync.replicas one less; a node that dies is started again");
        out.println("  --set NAME=VALUE a broker setting over the defaults, single node only (repeatable),");
        out.println("                   e.g. log.flush.interval.messages=1 to flush every write to disk");
    }
}
