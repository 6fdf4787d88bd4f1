package io.dequeue.localkafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node (broker and controller) of a {@link LocalCluster}, in a JVM of its own so that it can be
 * killed alone. {@link LocalCluster} starts it; it is not meant to be run by hand.
 *
 * <pre>
 * ClusterNodeMain --node-id N --port P --controller-port C --voters 1@127.0.0.1:C1,2@... --cluster-id ID
 *                 --data-dir PATH --replicas R --min-isr M
 * </pre>
 *
 * <p>Prints {@code LOCAL-KAFKA NODE <id> READY 127.0.0.1:<port>} on standard output once its broker
 * answers; stops (controlled shutdown) on SIGTERM, and when the process that started it ends.
 */
public final class ClusterNodeMain {

    /** The start of the line a node prints when its broker answers; the node id follows. */
    public static final String READY_PREFIX = "LOCAL-KAFKA NODE ";

    private static final List<String> KEYS = List.of("--node-id", "--port", "--controller-port", "--voters",
            "--cluster-id", "--data-dir", "--replicas", "--min-isr");
    /**
     * A node that stops heartbeating (killed) is fenced after this, and the partitions it led get new
     * leaders among the in-sync copies; Kafka's default is 9 s with heartbeats every 2 s.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

    private ClusterNodeMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-kafka node: " + e.getMessage());
            System.exit(2);
            return;
        }
        BrokerLogging.configureStandalone();
        AtomicReference<EmbeddedKafka> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            EmbeddedKafka toStop = running.getAndSet(null);
            if (toStop != null) {
                toStop.close();
            }
            stopped.countDown();
        }, "local-kafka-node-stop"));
        // A node never outlives the LocalCluster that started it (even one killed with SIGKILL).
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        int nodeId = Integer.parseInt(options.get("--node-id"));
        try {
            EmbeddedKafka kafka = EmbeddedKafka.builder()
                    .port(Integer.parseInt(options.get("--port")))
                    .controllerPort(Integer.parseInt(options.get("--controller-port")))
                    .dataDir(Path.of(options.get("--data-dir")))
                    .clusterNode(nodeId, options.get("--voters"), options.get("--cluster-id"))
                    .replication(Integer.parseInt(options.get("--replicas")), Integer.parseInt(options.get("--min-isr")))
                    .brokerProperty("broker.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()))
                    .brokerProperty("broker.heartbeat.interval.ms", Long.toString(HEARTBEAT_INTERVAL.toMillis()))
                    .start();
            running.set(kafka);
            System.out.println(READY_PREFIX + nodeId + " READY " + kafka.bootstrapServers() + " in "
                    + kafka.startupMillis() + " ms");
            System.out.flush();
        } catch (RuntimeException e) {
            System.err.println("LOCAL-KAFKA NODE " + nodeId + " FAILED: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --key value} pairs; every key of {@link #KEYS} is required, numbers must be numbers. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KEYS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        for (String key : KEYS) {
            if (!options.containsKey(key) || options.get(key).isBlank()) {
                throw new IllegalArgumentException("missing " + key);
            }
        }
        for (String key : List.of("--node-id", "--port", "--controller-port", "--replicas", "--min-isr")) {
            try {
                Integer.parseInt(options.get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: " + options.get(key));
            }
        }
        return options;
    }
}
