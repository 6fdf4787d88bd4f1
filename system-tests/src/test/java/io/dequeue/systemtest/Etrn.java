package io.dequeue.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ETRN system tests share: raw ETRN dialogues, the DSN sink, message comparison. */
final class Etrn {
    private static SmtpSink dsnSink;

    private Etrn() {
    }

    /** Fails loudly when a peer the ETRN tests need is not installed (CI installs them all). */
    static void requirePeers() {
        Peers.requireFetchmailAndSink();
        assertThat(Dnsmasq.BINARY).as("dnsmasq").isExecutable();
    }

    /** A gateway's settings JSON for ETRN. */
    static String gateway(boolean requireAuth, String deliverToJson, int port, String password, String accessJson) {
        return "{\"etrn\": {\"enabled\": true, \"requireAuth\": " + requireAuth + ", \"deliverTo\": " + deliverToJson
                + ", \"port\": " + port + "}" + (accessJson == null ? "" : ", \"access\": " + accessJson)
                + (password == null ? "" : ", \"password\": \"" + password + "\"") + "}";
    }

    static final String REQUESTER_IP = "{\"mode\": \"requester-ip\"}";

    /**
     * Access for a gateway whose ETRN needs no AUTH and delivers to the requester: only from this
     * machine (config-service refuses such a gateway without an honor list).
     */
    static final String LOOPBACK_ONLY = "{\"honor\": [\"127.0.0.0/8\"]}";

    static String host(String host) {
        return "{\"mode\": \"host\", \"host\": \"" + host + "\"}";
    }

    /**
     * One session: EHLO, AUTH CRAM-MD5 when {@code login} is given, the ETRN line, QUIT.
     *
     * @return the reply to the ETRN line
     */
    static String etrn(int smtpPort, String etrnLine, String login, String password) throws IOException {
        try (RawSmtp c = new RawSmtp(smtpPort)) {
            assertThat(c.greeting).startsWith("220");
            assertThat(c.command("EHLO requester.test")).startsWith("250");
            if (login != null) {
                assertThat(c.authCramMd5(login, password)).startsWith("235");
            }
            String reply = c.command(etrnLine);
            c.command("QUIT");
            return reply;
        }
    }

    /** Makes {@code domain} resolve (MX and A) to 127.0.0.1, where the DSN sink listens. */
    static void senderDomain(DequeueSystem system, String domain) throws Exception {
        Dnsmasq.serve(system.dnsPort, "--mx-host=" + domain + ",mx." + domain + ",10",
                "--host-record=mx." + domain + ",127.0.0.1");
        dsnSink(system);
    }

    /** The smtp-sink where DSNs arrive (the MX of the test sender domains, on the system's DSN port). */
    static synchronized SmtpSink dsnSink(DequeueSystem system) throws Exception {
        if (dsnSink == null) {
            dsnSink = SmtpSink.start(system.dsnPort);
            SmtpSink s = dsnSink;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "dsn-sink-stop"));
        }
        return dsnSink;
    }

    /** Waits for the DSNs sent to {@code sender}. */
    static List<SmtpSink.Received> awaitDsns(DequeueSystem system, String sender, int n, Duration timeout)
            throws Exception {
        SmtpSink sink = dsnSink(system);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SmtpSink.Received> got = sink.received().stream().filter(r -> r.rcptTo().contains(sender)).toList();
            // smtp-sink fills a dump as data arrives: a DSN (multipart/report) is whole once its closing boundary is there
            boolean whole = got.stream().allMatch(r -> r.message().stripTrailing().endsWith("--"));
            if ((got.size() >= n && whole) || System.nanoTime() >= deadline) {
                return got;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until queue-service neither holds nor has in flight anything for the domain (every
     * message was delivered or failed), then returns what the sink received. smtp-sink creates its
     * dump file when a transaction starts and fills it as data arrives, so only after the
     * outcome (which follows the sink's 250 to the final dot) are the dumps complete.
     */
    static List<SmtpSink.Received> afterRelease(DequeueSystem system, String domain, SmtpSink sink, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (system.queue(domain) != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(system.queue(domain)).as("nothing held or in flight for " + domain).isNull();
        return sink.received();
    }

    /** The message with CR LF line ends turned into LF, as smtp-sink dumps it. */
    static String lf(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    }

    /**
     * The message as delivered to smtp-sink, without Dequeue's trace line and without the one empty
     * line smtp-sink's dump adds after the data (it writes a newline for the final dot line).
     */
    static String delivered(SmtpSink.Received r) {
        String m = withoutOurReceived(r.message());
        assertThat(m).as("smtp-sink's dump ends with an added empty line").endsWith("\n\n");
        return m.substring(0, m.length() - 1);
    }

    /** Message bytes (CR LF line ends) without Dequeue's trace line on top, as text (ISO-8859-1, byte for byte). */
    static String withoutOurReceivedCrLf(byte[] message) {
        String m = new String(message, StandardCharsets.ISO_8859_1);
        assertThat(m).as("Dequeue's Received: trace line on top").startsWith("Received: ");
        int end = m.indexOf("\r\n");
        while (end >= 0 && end + 2 < m.length() && (m.charAt(end + 2) == '\t' || m.charAt(end + 2) == ' ')) {
            end = m.indexOf("\r\n", end + 2);
        }
        return end < 0 ? "" : m.substring(end + 2);
    }

    /** A dumped message without the trace line Dequeue added on top (which must be there). */
    static String withoutOurReceived(String dumped) {
        assertThat(dumped).as("Dequeue's Received: trace line on top").startsWith("Received: ");
        int end = dumped.indexOf('\n');
        while (end >= 0 && end + 1 < dumped.length() && (dumped.charAt(end + 1) == '\t' || dumped.charAt(end + 1) == ' ')) {
            end = dumped.indexOf('\n', end + 1);
        }
        return end < 0 ? "" : dumped.substring(end + 1);
    }
}
