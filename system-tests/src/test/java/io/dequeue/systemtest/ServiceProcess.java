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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Dequeue service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as its own JVM,
 * configured only through environment variables, the way a container of the Helm chart gets its
 * settings. Its output goes to a log file in its own folder.
 */
final class ServiceProcess implements AutoCloseable {
    /** Small heaps and a cheap JIT: several of these share two cores in the multi-instance tests. */
    static final List<String> JAVA_OPTS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    final String name;
    final int httpPort;
    /** Health and metrics (the management interface). */
    final int managementPort;
    final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(String name, int httpPort, int managementPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code module}'s application with {@code env} (plus its HTTP port in QUARKUS_HTTP_PORT and its
     * management port, loopback only, in DEQUEUE_MANAGEMENT_PORT)
     * and returns at once; {@link #awaitReady} waits for it.
     */
    static ServiceProcess launch(String module, String name, Map<String, String> env, Path dir) throws IOException {
        Path jar = LocalRun.repositoryRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -o package -DskipTests)");
        }
        Files.createDirectories(dir);
        int httpPort = LocalRun.freePort();
        int managementPort = LocalRun.freePort();
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(JAVA_OPTS);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("DEQUEUE_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("DEQUEUE_MANAGEMENT_HOST", "127.0.0.1");
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, name + "-stop"));
        return new ServiceProcess(name, httpPort, managementPort, log, p);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log when the JVM exits or time runs out. */
    ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(name + " not ready in " + timeout.toSeconds() + " s:\n" + logTail(60));
    }

    /** Ends the JVM at once, as a crashed node would (SIGKILL: no shutdown hook runs, no consumer group is left). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still alive 10 s after SIGKILL");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Sends SIGTERM without waiting (see {@link #close()}): several services can stop at once. */
    void signalStop() {
        process.destroy();
    }

    /** Stops it as Kubernetes would (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
