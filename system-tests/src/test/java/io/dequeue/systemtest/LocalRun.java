package io.dequeue.systemtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Dequeue as a user runs it: the repository's {@code ./dequeue-local} script, started with free
 * ports and a temporary data folder, stopped with a signal like Ctrl-C.
 */
final class LocalRun implements AutoCloseable {
    static final String TOKEN = "system-test-token";
    static final String DEMO_PASSWORD = "demo-Secret-6Wq3z8";

    final Map<String, Integer> ports = new HashMap<>();
    final Path dataDir;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalRun(Path root, Map<String, String> extraEnv) throws IOException {
        for (String name : List.of("KAFKA_PORT", "SMTP_PORT", "ODMR_PORT", "ODMR_TLS_PORT", "CONFIG_HTTP_PORT",
                "QUEUE_HTTP_PORT", "DELIVERY_HTTP_PORT", "EDGE_HTTP_PORT", "DEQUEUE_DEMO_ETRN_PORT",
                "CONFIG_MANAGEMENT_PORT", "QUEUE_MANAGEMENT_PORT", "DELIVERY_MANAGEMENT_PORT", "EDGE_MANAGEMENT_PORT")) {
            ports.put(name, freePort());
        }
        dataDir = Files.createTempDirectory("dequeue-local-");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("dequeue-local").toString(), "--fresh")
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        ports.forEach((k, v) -> env.put(k, Integer.toString(v)));
        env.put("DEQUEUE_DATA_DIR", dataDir.toString());
        env.put("DEQUEUE_LOG_DIR", dataDir.resolve("logs").toString());
        env.put("DEQUEUE_ADMIN_TOKEN", TOKEN);
        env.put("DEQUEUE_DEMO_PASSWORD", DEMO_PASSWORD);
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.putAll(extraEnv);
        process = pb.start();
        Thread reader = new Thread(this::pump, "dequeue-local-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the script and waits until it has said everything is running, the whole summary printed. */
    static LocalRun start(Path root, Map<String, String> extraEnv, Duration timeout) throws Exception {
        LocalRun run = new LocalRun(root, extraEnv);
        try {
            run.running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            String out = String.join("\n", run.output);
            run.close();
            throw new AssertionError("dequeue-local did not come up: " + e + "\n--- output ---\n" + out
                    + "\n--- logs ---\n" + run.logTails(), e);
        }
        return run;
    }

    /** The repository root, found from the module's working directory. */
    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("dequeue-local"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("dequeue-local not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean summary = false;
            while ((line = r.readLine()) != null) {
                output.add(line);
                // running once the whole summary is read (its lines name the Kafka servers and the
                // ports, which tests parse from output()): it ends with an empty line
                if (line.startsWith("Dequeue is running")) {
                    summary = true;
                } else if (summary && line.isBlank()) {
                    running.complete(null);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        running.completeExceptionally(new IllegalStateException("dequeue-local exited with " + exitCodeOrNull()));
    }

    private Integer exitCodeOrNull() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    int port(String name) {
        return ports.get(name);
    }

    String output() {
        return String.join("\n", output);
    }

    /** All processes the script started (the broker and the four service JVMs). */
    List<ProcessHandle> children() {
        return new ArrayList<>(process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false)).toList());
    }

    HttpResponse<String> get(int port, String path, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        try {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTails() {
        StringBuilder b = new StringBuilder();
        Path logs = dataDir.resolve("logs");
        for (String name : List.of("kafka", "config-service", "queue-service", "delivery-service", "smtp-edge")) {
            Path f = logs.resolve(name + ".log");
            try {
                List<String> lines = Files.exists(f) ? Files.readAllLines(f) : List.of();
                b.append("== ").append(name).append(" ==\n");
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                b.append("(unreadable ").append(f).append(")\n");
            }
        }
        return b.toString();
    }

    /** Stops the script as Ctrl-C would (SIGTERM to the script; it stops its children) and waits. */
    int stop(Duration timeout) throws InterruptedException {
        // SIGTERM to the script only; Process.destroy() would also close our end of its output pipe.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive)) {
            try {
                stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    /** Ports this JVM has handed out: two listeners given one port collide. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Where the search for a free port starts: below the kernel's ephemeral range (see {@link #freePort()}). */
    private static final int LOWEST_PORT = 10_000;

    /**
     * A free loopback port for a process started later, never one this JVM handed out before. It is
     * taken below the kernel's ephemeral range: a port from that range can be given, between the pick
     * and the bind, to the source side of any outgoing connection (the services' own Kafka clients
     * do this all the time), and the service then fails with "port in use". Ports below the range are
     * only ever taken by a listener that asks for them.
     */
    static int freePort() throws IOException {
        int below = ephemeralLow();
        int span = below - LOWEST_PORT;
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOWEST_PORT + (start + i) % span;
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST_PORT + " and " + below);
    }

    private static boolean bindable(int port) {
        // the wildcard address: a service may listen on 0.0.0.0 or on loopback, either must be free
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or 32768 where it cannot be read. */
    static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST_PORT + 1000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
