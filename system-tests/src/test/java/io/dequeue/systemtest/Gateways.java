package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Gateways for the ODMR/ATRN system tests, mail held for them, and what queue-service says about
 * that mail: the steps a test repeats, on the shared {@link DequeueSystem}.
 */
final class Gateways {
    static final String PASSWORD = "odmr-Pass-7Kq2x9";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Gateways() {
    }

    /** A domain nobody else uses: {@code <tag>-<random>.test}. */
    static String fresh(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** Settings JSON of a gateway with ATRN on, this suite's password, and other logins allowed to dequeue it. */
    static String atrn(boolean singleSession, String... authorizedLogins) {
        StringBuilder logins = new StringBuilder();
        for (String l : authorizedLogins) {
            logins.append(logins.isEmpty() ? "" : ",").append('"').append(l).append('"');
        }
        return "{\"atrn\": {\"enabled\": true, \"singleSession\": " + singleSession + "},"
                + " \"authorizedLogins\": [" + logins + "], \"password\": \"" + PASSWORD + "\"}";
    }

    /** Settings JSON of a plain held gateway (no ETRN, no ATRN): e.g. a sender's domain that receives DSNs. */
    static String heldOnly() {
        return "{\"password\": \"" + PASSWORD + "\"}";
    }

    /**
     * Sends one message into the edge, retrying while the edge's gateway view has not caught up
     * with a gateway just created (550 at RCPT); returns the edge's final reply.
     */
    static String send(int smtpPort, String from, List<String> to, byte[] message) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return MailIn.send(smtpPort, from, to, message);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("550")) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /**
     * Waits until the edge on {@code smtpPort} knows a gateway just created (RCPT to its postmaster
     * is accepted; no message is sent), so that a first ATRN is not refused for a view still catching up.
     */
    static void awaitEdgeKnows(int smtpPort, String domain) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", smtpPort)) {
                s.setSoTimeout(10_000);
                java.io.InputStream in = s.getInputStream();
                java.io.OutputStream out = s.getOutputStream();
                MailIn.expect(in, "220");
                out.write(("EHLO system.test\r\nMAIL FROM:<probe@remote.example>\r\nRCPT TO:<postmaster@" + domain
                        + ">\r\nQUIT\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                MailIn.expect(in, "250");
                MailIn.expect(in, "250");
                try {
                    MailIn.expect(in, "250");
                    return;
                } catch (IOException refused) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the edge on " + smtpPort + " does not know " + domain + ": " + refused.getMessage());
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Sends {@code n} messages to {@code rcpt} and waits until queue-service holds them; returns their Subjects. */
    static List<String> hold(DequeueSystem system, String from, String rcpt, int n) throws Exception {
        String domain = rcpt.substring(rcpt.indexOf('@') + 1);
        int before = system.heldCount(domain);
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String subject = "held " + i + " " + UUID.randomUUID();
            send(system.smtpPort(), from, List.of(rcpt), MailIn.message(from, rcpt, subject, "body of " + subject));
            subjects.add(subject);
        }
        int held = system.awaitHeld(domain, before + n, Duration.ofSeconds(30));
        if (held != before + n) {
            throw new AssertionError(domain + ": held " + held + ", expected " + (before + n));
        }
        return subjects;
    }

    /** queue-service's counts for a domain: held (including in flight) and in flight (released, not settled). */
    record Usage(int held, int inFlight) {
    }

    static Usage usage(DequeueSystem system, String domain) {
        JsonNode q = system.queue(domain);
        return q == null ? new Usage(0, 0) : new Usage(q.path("heldCount").asInt(), q.path("inFlight").asInt());
    }

    /** Waits until {@code held} messages are held and none is in flight; returns the last usage seen. */
    static Usage awaitSettled(DequeueSystem system, String domain, int held, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Usage u = usage(system, domain);
        while (!(u.held() == held && u.inFlight() == 0) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
            u = usage(system, domain);
        }
        return u;
    }

    /** The held messages of a domain (first page), as queue-service lists them. */
    static List<JsonNode> messages(DequeueSystem system, String domain) {
        HttpResponse<String> r = system.send("GET", system.run.port("QUEUE_HTTP_PORT"),
                "/api/queues/" + domain + "/messages?limit=100", null);
        if (r.statusCode() == 404) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("messages of " + domain + " -> " + r.statusCode() + " " + r.body());
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).path("messages").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One held message as it would be delivered ({@code ?raw=true}). */
    static String raw(DequeueSystem system, String domain, String id) {
        HttpResponse<String> r = system.send("GET", system.run.port("QUEUE_HTTP_PORT"),
                "/api/queues/" + domain + "/messages/" + id + "?raw=true", null);
        if (r.statusCode() != 200) {
            throw new AssertionError("raw " + id + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
