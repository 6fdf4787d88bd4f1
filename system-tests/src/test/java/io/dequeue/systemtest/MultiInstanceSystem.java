package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dequeue.localkafka.EmbeddedKafka;
import io.dequeue.localkafka.TopicInitializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dequeue with several instances of each service on one machine, started the way the Helm chart
 * starts them: one broker, one config-service, and two each of queue-service, delivery-service and
 * smtp-edge, every one a separate JVM configured only by environment variables. Each edge has its
 * own {@code edge.replies} partition and instance id; each queue-service its own state directory,
 * the address other instances reach its admin API at ({@code DEQUEUE_ADVERTISED_HOST} and its HTTP
 * port) and one standby replica of the other's stores.
 *
 * <p>The broker runs inside the test JVM (local-kafka, 127.0.0.1 only) with the contract's topics;
 * every service port is a free loopback port.
 */
final class MultiInstanceSystem implements AutoCloseable {
    static final int INSTANCES = 2;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An edge instance: its process and its mail ports. */
    record Edge(ServiceProcess process, int smtpPort, int odmrPort) {
    }

    final Path dir;
    final EmbeddedKafka kafka;
    final ServiceProcess config;
    final List<ServiceProcess> queues = new ArrayList<>();
    final List<ServiceProcess> deliveries = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();

    private MultiInstanceSystem(Path dir, EmbeddedKafka kafka, ServiceProcess config) {
        this.dir = dir;
        this.kafka = kafka;
        this.config = config;
    }

    /**
     * Starts the broker and the seven service JVMs: config-service and the queue-services, then
     * the delivery-services, then the edges, each wave launched at once and awaited.
     *
     * @param lease how long a released message may stay unsettled before queue-service holds it again
     */
    static MultiInstanceSystem start(Duration lease) throws Exception {
        Path dir = Files.createTempDirectory("dequeue-multi-");
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).dataDir(dir.resolve("kafka")).quietLogging(true).start();
        MultiInstanceSystem s = null;
        try {
            TopicInitializer.createAll(kafka.bootstrapServers());
            s = new MultiInstanceSystem(dir, kafka, ServiceProcess.launch("config-service", "config-0",
                    common(kafka, "config-0"), dir.resolve("config-0")));
            for (int i = 0; i < INSTANCES; i++) {
                String name = "queue-" + i;
                Map<String, String> env = common(kafka, name);
                env.put("DEQUEUE_ADVERTISED_HOST", "127.0.0.1");
                env.put("DEQUEUE_STREAMS_STATE_DIR", dir.resolve(name).resolve("streams").toString());
                env.put("DEQUEUE_STANDBY_REPLICAS", "1");
                env.put("DEQUEUE_LEASE", lease.toString());
                env.put("DEQUEUE_ATRN_LEASE", lease.toString());
                s.queues.add(ServiceProcess.launch("queue-service", name, env, dir.resolve(name)));
            }
            // in three waves, so that no JVM waits for two cores shared by seven starting ones
            s.config.awaitReady(READY);
            for (ServiceProcess p : s.queues) {
                p.awaitReady(READY);
            }
            for (int i = 0; i < INSTANCES; i++) {
                String name = "delivery-" + i;
                Map<String, String> env = common(kafka, name);
                // nothing here needs DNS (targets are IP addresses): a closed port answers at once
                env.put("DEQUEUE_DELIVERY_DNS_SERVER", "127.0.0.1:" + LocalRun.freePort());
                // the receivers listen on loopback, which delivery-service refuses unless told otherwise
                env.put("DEQUEUE_DELIVERY_ALLOW_PRIVATE_TARGETS", "true");
                env.put("DEQUEUE_DELIVERY_DNS_TIMEOUT", "2S");
                env.put("DEQUEUE_DELIVERY_SMTP_CONNECT_TIMEOUT", "3S");
                s.deliveries.add(ServiceProcess.launch("delivery-service", name, env, dir.resolve(name)));
            }
            for (ServiceProcess p : s.deliveries) {
                p.awaitReady(READY);
            }
            for (int i = 0; i < INSTANCES; i++) {
                String name = "edge-" + i;
                Map<String, String> env = common(kafka, name);
                int smtp = LocalRun.freePort();
                int odmr = LocalRun.freePort();
                env.put("DEQUEUE_SMTP_HOST", "127.0.0.1");
                env.put("DEQUEUE_ODMR_HOST", "127.0.0.1");
                env.put("DEQUEUE_SMTP_PORT", Integer.toString(smtp));
                env.put("DEQUEUE_ODMR_PORT", Integer.toString(odmr));
                env.put("DEQUEUE_ODMR_TLS_PORT", Integer.toString(LocalRun.freePort()));
                env.put("DEQUEUE_EDGE_REPLY_PARTITION", Integer.toString(i));
                env.put("DEQUEUE_EDGE_INSTANCE_ID", name);
                env.put("DEQUEUE_TLS_DIR", dir.resolve(name).resolve("tls").toString());
                s.edges.add(new Edge(ServiceProcess.launch("smtp-edge", name, env, dir.resolve(name)), smtp, odmr));
            }
            for (Edge e : s.edges) {
                e.process().awaitReady(READY);
            }
            return s;
        } catch (Exception | Error e) {
            if (s != null) {
                s.close();
            } else {
                kafka.close();
            }
            throw e;
        }
    }

    /** What every service of the chart gets: the broker, the admin token, its pod name, loopback-only HTTP. */
    private static Map<String, String> common(EmbeddedKafka kafka, String podName) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("DEQUEUE_ADMIN_TOKEN", LocalRun.TOKEN);
        env.put("HOSTNAME", podName);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("DEQUEUE_HTTP_HOST", "127.0.0.1");
        return env;
    }

    /** Creates or replaces a gateway through config-service's API. */
    void putGateway(String domain, String settingsJson) {
        HttpResponse<String> r = send("PUT", config.httpPort, "/api/gateways/" + domain, settingsJson);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("PUT gateway " + domain + " -> " + r.statusCode() + " " + r.body());
        }
    }

    /** {@code GET /api/queues} (with {@code ?scope=local}: this instance's own domains only) of one queue-service. */
    Map<String, JsonNode> queues(ServiceProcess queue, boolean local) {
        HttpResponse<String> r = send("GET", queue.httpPort, "/api/queues" + (local ? "?scope=local" : ""), null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(queue.name + " /api/queues -> " + r.statusCode() + " " + r.body());
        }
        Map<String, JsonNode> byDomain = new HashMap<>();
        for (JsonNode q : json(r.body()).path("queues")) {
            byDomain.put(q.path("domain").asText(), q);
        }
        return byDomain;
    }

    /** Every held message of a domain as one queue-service lists it (pages followed to the end). */
    List<JsonNode> messages(ServiceProcess queue, String domain) {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            HttpResponse<String> r = send("GET", queue.httpPort, "/api/queues/" + domain + "/messages?limit=1000"
                    + (after == null ? "" : "&after=" + after), null);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(queue.name + " messages of " + domain + " -> " + r.statusCode() + " " + r.body());
            }
            JsonNode page = json(r.body());
            page.path("messages").forEach(all::add);
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return all;
    }

    /** An authenticated request to a service's HTTP API. */
    HttpResponse<String> send(String method, int port, String path, String jsonBody) {
        return ServiceApi.send(method, port, path, jsonBody);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of every service's log, for a failure message. */
    String logTails() {
        StringBuilder b = new StringBuilder();
        List<ServiceProcess> all = new ArrayList<>(List.of(config));
        all.addAll(queues);
        all.addAll(deliveries);
        edges.forEach(e -> all.add(e.process()));
        for (ServiceProcess p : all) {
            b.append("== ").append(p.name).append(p.isAlive() ? "" : " (not running)").append(" ==\n")
                    .append(p.logTail(20)).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> all = new ArrayList<>();
        edges.forEach(e -> all.add(e.process()));
        all.addAll(deliveries);
        all.addAll(queues);
        all.add(config);
        all.forEach(ServiceProcess::signalStop);
        for (ServiceProcess p : all) {
            p.close();
        }
        kafka.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind
        }
    }
}
