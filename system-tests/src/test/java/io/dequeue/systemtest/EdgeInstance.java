package io.dequeue.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One more smtp-edge JVM against the shared system's broker, with its own reply partition and
 * instance id, as a second pod of the edge would run: the way to show that each instance delivers
 * only its own ATRN sessions and that losing one in the middle of a session loses no mail.
 */
final class EdgeInstance implements AutoCloseable {
    final int httpPort;
    final int smtpPort;
    final int odmrPort;
    final int odmrTlsPort;
    final Path log;
    private final Process process;

    private EdgeInstance(int httpPort, int smtpPort, int odmrPort, int odmrTlsPort, Path log, Process process) {
        this.httpPort = httpPort;
        this.smtpPort = smtpPort;
        this.odmrPort = odmrPort;
        this.odmrTlsPort = odmrTlsPort;
        this.log = log;
        this.process = process;
    }

    /** Starts an edge reading {@code edge.replies} partition {@code replyPartition} and waits until it is ready. */
    static EdgeInstance start(DequeueSystem system, int replyPartition, String instanceId) throws Exception {
        Path jar = LocalRun.repositoryRoot().resolve("smtp-edge/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -o package -DskipTests)");
        }
        Path dir = Files.createTempDirectory("edge-" + instanceId + "-");
        int http = LocalRun.freePort();
        int management = LocalRun.freePort();
        int smtp = LocalRun.freePort();
        int odmr = LocalRun.freePort();
        int odmrTls = LocalRun.freePort();
        Path log = dir.resolve("smtp-edge.log");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + system.kafkaPort());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(http));
        pb.environment().put("DEQUEUE_MANAGEMENT_PORT", Integer.toString(management));
        pb.environment().put("DEQUEUE_MANAGEMENT_HOST", "127.0.0.1");
        pb.environment().put("DEQUEUE_SMTP_PORT", Integer.toString(smtp));
        pb.environment().put("DEQUEUE_ODMR_PORT", Integer.toString(odmr));
        pb.environment().put("DEQUEUE_ODMR_TLS_PORT", Integer.toString(odmrTls));
        pb.environment().put("DEQUEUE_EDGE_REPLY_PARTITION", Integer.toString(replyPartition));
        pb.environment().put("DEQUEUE_EDGE_INSTANCE_ID", instanceId);
        pb.environment().put("DEQUEUE_TLS_DIR", dir.resolve("tls").toString());
        Process p = pb.start();
        EdgeInstance edge = new EdgeInstance(http, smtp, odmr, odmrTls, log, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "edge-" + instanceId + "-stop"));
        HttpClient http11 = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("edge " + instanceId + " exited with " + p.exitValue() + ":\n" + edge.logText());
            }
            try {
                HttpResponse<String> r = http11.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return edge;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        edge.close();
        throw new IllegalStateException("edge " + instanceId + " not ready in 120 s:\n" + edge.logText());
    }

    /** Ends the JVM at once, as a crashed node would (SIGKILL: no shutdown hooks, no goodbye on any socket). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (java.util.stream.Stream<Path> files = Files.walk(log.getParent())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
