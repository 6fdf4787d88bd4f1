package io.dequeue.queue.dsn;

import io.dequeue.model.Envelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsnBuilderTest {
    private static final Instant ARRIVED = Instant.parse("2026-05-04T08:02:11Z");
    private static final Instant NOW = Instant.parse("2026-05-04T09:30:02Z");
    private static final byte[] RAW = ("Received: from x by y; Mon, 4 May 2026 08:02:11 +0000\r\n"
            + "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: Figures\r\n\r\n"
            + "Gr\u00fc\u00dfe, Alice\r\n").getBytes(StandardCharsets.UTF_8);

    private final DsnBuilder builder = new DsnBuilder("gw.dequeue.test", 256 * 1024);

    private static Envelope envelope(Envelope.Ret ret, String envid) {
        return new Envelope("m-1", "Q1", "alice@example.com", ret, envid, Envelope.Body.EIGHT_BIT_MIME, RAW.length,
                List.of(new Envelope.Recipient("bob@example.net", List.of(Envelope.Notify.FAILURE), "rfc822;bob@example.net"),
                        new Envelope.Recipient("sales@example.net")),
                "198.51.100.20", "mail.example.com", null, true, ARRIVED);
    }

    @Test
    void aFailureReportHasTheThreePartsOfRfc3464() {
        Envelope e = envelope(Envelope.Ret.FULL, "QQ314159");
        DsnBuilder.Dsn dsn = builder.build(e, RAW, List.of(RecipientStatus.failed(e.recipients().get(0), "5.1.1",
                "smtp; 550 5.1.1 User unknown", "mx.example.net", NOW)), "Rejected permanently.", NOW);

        Mime m = Mime.parse(dsn.message());
        assertThat(m.header("From")).isEqualTo("Mail Delivery System <MAILER-DAEMON@gw.dequeue.test>");
        assertThat(m.header("To")).isEqualTo("<alice@example.com>");
        assertThat(m.header("Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(m.header("Date")).isEqualTo("Mon, 4 May 2026 09:30:02 +0000");
        assertThat(m.header("Content-Type")).startsWith("multipart/report; report-type=delivery-status;");
        List<Mime> parts = m.parts();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).header("Content-Type")).startsWith("text/plain");
        assertThat(parts.get(0).body).contains("<bob@example.net>: 550 5.1.1 User unknown");
        assertThat(parts.get(1).header("Content-Type")).isEqualTo("message/delivery-status");
        List<Map<String, String>> groups = parts.get(1).statusGroups();
        assertThat(groups.get(0)).containsEntry("Reporting-MTA", "dns; gw.dequeue.test")
                .containsEntry("Original-Envelope-Id", "QQ314159")
                .containsEntry("Arrival-Date", "Mon, 4 May 2026 08:02:11 +0000");
        assertThat(groups.get(1)).containsEntry("Original-Recipient", "rfc822; bob@example.net")
                .containsEntry("Final-Recipient", "rfc822; bob@example.net")
                .containsEntry("Action", "failed")
                .containsEntry("Status", "5.1.1")
                .containsEntry("Remote-MTA", "dns; mx.example.net")
                .containsEntry("Diagnostic-Code", "smtp; 550 5.1.1 User unknown");
        assertThat(parts.get(2).header("Content-Type")).isEqualTo("message/rfc822");
        assertThat(parts.get(2).header("Content-Transfer-Encoding")).isEqualTo("8bit");
        assertThat(parts.get(2).body).contains("Subject: Figures").contains("Gr\u00fc\u00dfe, Alice");

        Envelope out = dsn.envelope();
        assertThat(out.isNullSender()).isTrue();
        assertThat(out.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("alice@example.com");
            assertThat(r.notifyOn()).containsExactly(Envelope.Notify.NEVER);
        });
        assertThat(out.body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
        assertThat(out.size()).isEqualTo(dsn.message().length);
    }

    @Test
    void retHdrsReturnsOnlyTheHeader() {
        Envelope e = envelope(Envelope.Ret.HDRS, null);
        DsnBuilder.Dsn dsn = builder.build(e, RAW, List.of(RecipientStatus.failed(e.recipients().get(1), "4.4.7",
                null, null, null)), "Expired.", NOW);
        List<Mime> parts = Mime.parse(dsn.message()).parts();
        assertThat(parts.get(2).header("Content-Type")).isEqualTo("text/rfc822-headers");
        assertThat(parts.get(2).body).contains("Subject: Figures").doesNotContain("Alice\r\n\r\n").doesNotContain("Gr");
        assertThat(parts.get(1).statusGroups().get(0)).doesNotContainKey("Original-Envelope-Id");
        assertThat(parts.get(1).statusGroups().get(1)).doesNotContainKey("Original-Recipient")
                .containsEntry("Status", "4.4.7");
    }

    @Test
    void withoutRetTheMessageIsReturnedUpToTheLimit() {
        Envelope e = envelope(null, null);
        assertThat(builder.returnsFullMessage(e, 1000)).isTrue();
        assertThat(new DsnBuilder("gw", 10).returnsFullMessage(e, 1000)).isFalse();
    }

    @Test
    void aDelayNoticeSaysDelayedAndWhenTheGatewayGivesUp() {
        Envelope e = envelope(Envelope.Ret.HDRS, null);
        DsnBuilder.Dsn dsn = builder.build(e, RAW, List.of(RecipientStatus.delayed(e.recipients().get(0), "4.0.0",
                null, Instant.parse("2026-05-11T08:02:11Z"))), null, NOW);
        Mime m = Mime.parse(dsn.message());
        assertThat(m.header("Subject")).isEqualTo("Delayed Mail (still being retried)");
        Map<String, String> r = m.parts().get(1).statusGroups().get(1);
        assertThat(r).containsEntry("Action", "delayed").containsEntry("Will-Retry-Until", "Mon, 11 May 2026 08:02:11 +0000");
    }

    @Test
    void neverToTheNullSender() {
        Envelope e = new Envelope("m-2", null, "", null, null, null, RAW.length,
                List.of(new Envelope.Recipient("bob@example.net")), null, null, null, false, ARRIVED);
        assertThatThrownBy(() -> builder.build(e, RAW, List.of(RecipientStatus.failed(e.recipients().get(0), "5.0.0",
                null, null, null)), null, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notifyDecidesWhichRecipientsAreReported() {
        Envelope.Recipient never = new Envelope.Recipient("a@x.example", List.of(Envelope.Notify.NEVER), null);
        Envelope.Recipient none = new Envelope.Recipient("b@x.example");
        Envelope.Recipient delay = new Envelope.Recipient("c@x.example", List.of(Envelope.Notify.DELAY), null);
        assertThat(RecipientStatus.failed(never, "5.0.0", null, null, null).wanted()).isFalse();
        assertThat(RecipientStatus.failed(none, "5.0.0", null, null, null).wanted()).isTrue();
        assertThat(RecipientStatus.failed(delay, "5.0.0", null, null, null).wanted()).isFalse();
        assertThat(RecipientStatus.delayed(none, "4.0.0", null, null).wanted()).isFalse();
        assertThat(RecipientStatus.delayed(delay, "4.0.0", null, null).wanted()).isTrue();
    }
}
