package io.dequeue.edge.smtp;

import io.dequeue.edge.net.TrustedProxies;
import io.dequeue.edge.policy.RecipientPolicy;
import io.dequeue.smtp.script.DialogueScript;
import io.dequeue.smtp.server.InMemoryTransport;
import io.dequeue.smtp.server.SmtpServerSession;
import io.dequeue.smtp.wire.DataReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** In-process sessions with the edge's policy on in-memory fakes, and script metadata as listener settings. */
final class EdgeHarness {
    private EdgeHarness() {
    }

    static ListenerSettings baseSettings() {
        return new ListenerSettings("test", "127.0.0.1", 0, "mx.gw.test", false, Duration.ofSeconds(5), TrustedProxies.none(),
                26_214_400L, 100, 50, 2048, 1000, 200, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ZERO,
                DataReader.BareLineEndingPolicy.REJECT, 20, 3, 100, true, false, Duration.ofSeconds(20), 1, 500, Duration.ofSeconds(30));
    }

    static SmtpServices services(FakeStore store, MemoryBudget budget, SimpleMeterRegistry registry) {
        return new SmtpServices(TestGateways.lookup(), RecipientPolicy.standard(TestGateways.usage()), store,
                (session, attempt) -> TestGateways.authenticate(attempt), () -> null,
                new SmtpMetrics(registry, budget), budget, Clock.systemUTC());
    }

    /**
     * Listener settings from a script's metadata: {@code @tls on|off} (default on),
     * {@code @insecure-auth}, {@code @bare-line-endings normalize}, {@code @idle-timeout ms},
     * {@code @session-timeout ms}, {@code @greeting-delay ms}, {@code @max-recipients n},
     * {@code @max-message-size n}, {@code @proxy on}, {@code @proxy-timeout ms},
     * {@code @min-data-rate bytes-per-second grace-ms}, {@code @max-received-headers n},
     * {@code @proxy-trusted cidr,...} (default with {@code @proxy on}: the loopback addresses).
     */
    static ListenerSettings settingsFor(ListenerSettings base, DialogueScript s) {
        ListenerSettings.Builder b = base.toBuilder();
        b.starttls(!s.meta("tls", "on").equals("off"));
        b.allowInsecureAuth(on(s, "insecure-auth"));
        b.trustedProxies(TrustedProxies.parse(List.of(s.meta("proxy-trusted", "127.0.0.1/32,::1/128").split(","))));
        b.proxyProtocol(on(s, "proxy"));
        if (s.meta("bare-line-endings", "reject").equals("normalize")) {
            b.bareLineEndings(DataReader.BareLineEndingPolicy.NORMALIZE);
        }
        String v;
        if ((v = s.meta("idle-timeout", null)) != null) {
            b.idleTimeout(Duration.ofMillis(Long.parseLong(v)));
        }
        if ((v = s.meta("session-timeout", null)) != null) {
            b.sessionTimeout(Duration.ofMillis(Long.parseLong(v)));
        }
        if ((v = s.meta("greeting-delay", null)) != null) {
            b.greetingDelay(Duration.ofMillis(Long.parseLong(v)));
        }
        if ((v = s.meta("max-recipients", null)) != null) {
            b.maxRecipients(Integer.parseInt(v));
        }
        if ((v = s.meta("max-received-headers", null)) != null) {
            b.maxReceivedHeaders(Integer.parseInt(v));
        }
        if ((v = s.meta("max-message-size", null)) != null) {
            b.maxMessageSize(Long.parseLong(v));
        }
        if ((v = s.meta("min-data-rate", null)) != null) {
            String[] rg = v.split("\\s+");
            b.minDataRate(Long.parseLong(rg[0]), Duration.ofMillis(Long.parseLong(rg[1])));
        }
        if ((v = s.meta("proxy-timeout", null)) != null) {
            b.proxyProtocolTimeout(Duration.ofMillis(Long.parseLong(v)));
        }
        return b.build();
    }

    static boolean on(DialogueScript s, String key) {
        String v = s.meta(key, "off");
        return v.equals("on") || v.equals("true");
    }

    /** Starts an in-process session with the edge's policy. */
    static SmtpServerSession start(InMemoryTransport transport, ListenerSettings settings, SmtpServices services) {
        transport.setTlsAvailable(settings.starttls());
        io.dequeue.edge.net.CountingTransport counting = new io.dequeue.edge.net.CountingTransport(transport);
        DataRateGuard dataRate = new DataRateGuard(counting, settings.minDataRate(), settings.dataRateGrace(),
                () -> counting.write(DataRateGuard.TOO_SLOW.toBuffer()).onComplete(v -> counting.close()));
        EdgeSmtpPolicy policy = new EdgeSmtpPolicy(services, settings, null, () -> { }, null, dataRate);
        SmtpServerSession session = new SmtpServerSession(counting, settings.serverConfig(settings.starttls(), false), policy);
        session.start();
        return session;
    }

    /** The scripts of src/test/resources/dialogues/smtp, sorted. */
    static java.util.List<java.nio.file.Path> scripts() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(EdgeHarness.class.getResource("/dialogues/smtp").toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    /** Checks {@code @expect-messages}, {@code @expect-recipients}, {@code @expect-sender}, {@code @expect-client}. */
    static void checkStored(DialogueScript s, java.util.List<FakeStore.Stored> stored) {
        String v;
        if ((v = s.meta("expect-messages", null)) != null) {
            org.assertj.core.api.Assertions.assertThat(stored).as(s.name() + ": messages stored").hasSize(Integer.parseInt(v));
        }
        for (FakeStore.Stored m : stored) {
            if ((v = s.meta("expect-recipients", null)) != null) {
                org.assertj.core.api.Assertions.assertThat(m.envelope().recipients()).as(s.name()).hasSize(Integer.parseInt(v));
            }
            if ((v = s.meta("expect-sender", null)) != null) {
                org.assertj.core.api.Assertions.assertThat(m.envelope().reversePath()).as(s.name()).isEqualTo(v);
            }
            if ((v = s.meta("expect-client", null)) != null) {
                org.assertj.core.api.Assertions.assertThat(m.envelope().clientAddress()).as(s.name()).isEqualTo(v);
                String head = new String(m.message(), 0, Math.min(200, m.message().length), java.nio.charset.StandardCharsets.US_ASCII);
                org.assertj.core.api.Assertions.assertThat(head).as(s.name()).contains(v.contains(":") ? "[IPv6:" + v + "]" : "[" + v + "]");
            }
        }
    }
}
