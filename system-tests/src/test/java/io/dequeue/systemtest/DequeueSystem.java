package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole of Dequeue as a user runs it ({@code ./dequeue-local}: broker and four services as
 * processes), started once for every system test class that asks for it and stopped when the
 * test JVM ends. Test classes keep out of each other's way by using their own gateway domains
 * and their own receiving ports.
 *
 * <p>Settings the suite needs are passed as environment, exactly as an operator would: the DNS
 * server delivery-service asks (a local dnsmasq on {@link #dnsPort}), delivery to loopback allowed
 * (every receiver of the suite listens on 127.0.0.1), short leases so that an
 * abandoned release comes back within a test, and short client timeouts.
 */
final class DequeueSystem {
    private static DequeueSystem shared;

    final LocalRun run;
    /** The UDP/TCP port on 127.0.0.1 where delivery-service looks for DNS (see {@link Dnsmasq}). */
    final int dnsPort;
    /** The port where queue-service sends DSNs to the sender domain's MX hosts (see {@link DsnSink}). */
    final int dsnPort;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DequeueSystem(LocalRun run, int dnsPort, int dsnPort) {
        this.run = run;
        this.dnsPort = dnsPort;
        this.dsnPort = dsnPort;
    }

    /** The shared running system, started on first use. */
    static synchronized DequeueSystem get() throws Exception {
        if (shared == null) {
            int dnsPort = LocalRun.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("DEQUEUE_DELIVERY_DNS_SERVER", "127.0.0.1:" + dnsPort);
            env.put("DEQUEUE_DELIVERY_DNS_TIMEOUT", "2S");
            env.put("DEQUEUE_DELIVERY_OWN_NAMES", "mx.dequeue.test");
            env.put("DEQUEUE_DELIVERY_OWN_ADDRESSES", "127.0.0.53");
            // every receiver of the suite (fetchmail, smtp-sink, the DSN sink) listens on 127.0.0.1
            env.put("DEQUEUE_DELIVERY_ALLOW_PRIVATE_TARGETS", "true");
            env.put("DEQUEUE_DELIVERY_SMTP_CONNECT_TIMEOUT", "3S");
            env.put("DEQUEUE_LEASE", "PT20S");
            env.put("DEQUEUE_ATRN_LEASE", "PT20S");
            // Every test client connects from 127.0.0.1, and several tests send wrong passwords on
            // purpose: the per-address AUTH limit would lock them all out of later tests. The
            // per-login limit stays as it is; the longest delay before a 535 is shortened.
            env.put("DEQUEUE_EDGE_AUTH_MAX_FAILURES_PER_IP", "1000");
            env.put("DEQUEUE_EDGE_AUTH_MAX_FAILURE_DELAY", "PT1S");
            // ETRN tests: DSNs go to the sender domain's MX (dnsmasq) on this port instead of 25.
            int dsnPort = LocalRun.freePort();
            env.put("DEQUEUE_QUEUE_DSN_PORT", Integer.toString(dsnPort));
            LocalRun run = LocalRun.start(LocalRun.repositoryRoot(), env, Duration.ofMinutes(4));
            shared = new DequeueSystem(run, dnsPort, dsnPort);
            Runtime.getRuntime().addShutdownHook(new Thread(run::close, "dequeue-system-stop"));
        }
        return shared;
    }

    /**
     * A system of its own, not the shared one: {@code ./dequeue-local} with the shared system's
     * delivery settings plus {@code extraEnv} (e.g. {@code KAFKA_NODES=3}). The caller stops it
     * ({@code run.close()}).
     */
    static DequeueSystem startOwn(Map<String, String> extraEnv) throws Exception {
        int dnsPort = LocalRun.freePort();
        int dsnPort = LocalRun.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("DEQUEUE_DELIVERY_DNS_SERVER", "127.0.0.1:" + dnsPort);
        env.put("DEQUEUE_DELIVERY_DNS_TIMEOUT", "2S");
        env.put("DEQUEUE_DELIVERY_OWN_NAMES", "mx.dequeue.test");
        env.put("DEQUEUE_DELIVERY_OWN_ADDRESSES", "127.0.0.53");
        env.put("DEQUEUE_DELIVERY_SMTP_CONNECT_TIMEOUT", "3S");
        env.put("DEQUEUE_LEASE", "PT20S");
        env.put("DEQUEUE_ATRN_LEASE", "PT20S");
        env.put("DEQUEUE_QUEUE_DSN_PORT", Integer.toString(dsnPort));
        env.putAll(extraEnv);
        return new DequeueSystem(LocalRun.start(LocalRun.repositoryRoot(), env, Duration.ofMinutes(5)), dnsPort, dsnPort);
    }

    int smtpPort() {
        return run.port("SMTP_PORT");
    }

    int odmrPort() {
        return run.port("ODMR_PORT");
    }

    int odmrTlsPort() {
        return run.port("ODMR_TLS_PORT");
    }

    int kafkaPort() {
        return run.port("KAFKA_PORT");
    }

    /** Creates or replaces a gateway through config-service's API; {@code settingsJson} as in docs. */
    void putGateway(String domain, String settingsJson) {
        HttpResponse<String> r = send("PUT", run.port("CONFIG_HTTP_PORT"), "/api/gateways/" + domain, settingsJson);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("PUT gateway " + domain + " -> " + r.statusCode() + " " + r.body());
        }
    }

    /** queue-service's view of one domain's held mail, or null when nothing is held. */
    JsonNode queue(String domain) {
        HttpResponse<String> r = send("GET", run.port("QUEUE_HTTP_PORT"), "/api/queues", null);
        try {
            for (JsonNode q : JSON.readTree(r.body()).path("queues")) {
                if (domain.equals(q.path("domain").asText())) {
                    return q;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many messages queue-service holds for {@code domain} (0 when none). */
    int heldCount(String domain) {
        JsonNode q = queue(domain);
        return q == null ? 0 : q.path("heldCount").asInt();
    }

    /** Waits until queue-service holds exactly {@code n} messages for the domain; returns the last count seen. */
    int awaitHeld(String domain, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = heldCount(domain);
        while (seen != n && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            seen = heldCount(domain);
        }
        return seen;
    }

    /** An authenticated request to one of the services' HTTP APIs. */
    HttpResponse<String> send(String method, int port, String path, String jsonBody) {
        return ServiceApi.send(method, port, path, jsonBody);
    }
}
