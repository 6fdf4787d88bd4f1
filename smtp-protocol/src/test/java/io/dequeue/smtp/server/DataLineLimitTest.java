package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.wire.DataReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text line limit of RFC 5321 4.5.3.1.6 in DATA: 1000 octets with CR LF. */
class DataLineLimitTest {

    private static final String START = "EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<user@example.net>\r\nDATA\r\n";

    private static Harness inData(DataReader.BareLineEndingPolicy policy) {
        Harness h = new Harness(Harness.smtp().withBareLineEndings(policy));
        h.replies();
        assertThat(Harness.codes(h.send(START))).containsExactly("250", "250 2.1.0", "250 2.1.5", "354");
        return h;
    }

    @Test
    void aLineOfExactly1000OctetsIsAccepted() {
        Harness h = inData(DataReader.BareLineEndingPolicy.REJECT);
        assertThat(Harness.codes(h.send("Subject: x\r\n\r\n" + "x".repeat(998) + "\r\n.\r\n"))).containsExactly("250 2.0.0");
        assertThat(h.policy.messages).hasSize(1);
    }

    @Test
    void aLineOf1001OctetsIsRefusedAfterTheData() {
        Harness h = inData(DataReader.BareLineEndingPolicy.REJECT);
        assertThat(h.send("Subject: x\r\n\r\n" + "x".repeat(999) + "\r\n")).isEmpty();
        assertThat(h.send("more\r\n")).as("read on to the end of data").isEmpty();
        assertThat(h.send(".\r\n")).containsExactly(Replies.TEXT_LINE_TOO_LONG);
        assertThat(Harness.codes(java.util.List.of(Replies.TEXT_LINE_TOO_LONG))).containsExactly("500 5.5.6");
        assertThat(h.policy.messages).isEmpty();
        assertThat(h.policy.aborted).containsExactly(Replies.TEXT_LINE_TOO_LONG);
        // the session goes on
        assertThat(Harness.codes(h.send("MAIL FROM:<a@remote.example>\r\n"))).containsExactly("250 2.1.0");
    }

    @Test
    void aLongLastLineWithoutItsEndIsRefusedToo() {
        Harness h = inData(DataReader.BareLineEndingPolicy.REJECT);
        assertThat(h.send("x".repeat(5000) + "\r\n.\r\n")).containsExactly(Replies.TEXT_LINE_TOO_LONG);
    }

    @Test
    void bareLineEndingsUnderNormalizeEndLinesForTheCount() {
        Harness h = inData(DataReader.BareLineEndingPolicy.NORMALIZE);
        String body = ("y".repeat(900) + "\n").repeat(3) + "\r\n.\r\n";
        assertThat(Harness.codes(h.send(body))).containsExactly("250 2.0.0");
        assertThat(h.policy.messages).hasSize(1);
    }

    @Test
    void aBareLineEndingUnderRejectIsStillRefusedAsSuch() {
        Harness h = inData(DataReader.BareLineEndingPolicy.REJECT);
        assertThat(h.send("a\nb" + "x".repeat(1200) + "\r\n.\r\n")).containsExactly(Replies.BARE_LINE_ENDING);
    }

    @Test
    void theCheckCanBeTurnedOff() {
        Harness h = new Harness(Harness.smtp().withMaxTextLineLength(0));
        h.replies();
        h.send(START);
        assertThat(Harness.codes(h.send("x".repeat(5000) + "\r\n.\r\n"))).containsExactly("250 2.0.0");
    }
}
