package io.dequeue.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.reply.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SessionPolicy#replied} names the verb each reply answers, from a bounded set. */
class RepliedHookTest {

    static final class Recording extends TestPolicy {
        final List<String> seen = new ArrayList<>();

        @Override
        public void replied(SessionInfo session, String verb, Reply reply) {
            seen.add(verb + " " + reply.code());
        }
    }

    @Test
    void namesTheVerbOfEveryReply() {
        Recording policy = new Recording();
        Harness h = new Harness(Harness.smtp().withIdleTimeout(Duration.ofSeconds(10)), policy);
        h.send("EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<user@example.net>\r\n"
                + "RCPT TO:<x@elsewhere.example>\r\nDATA\r\nhello\r\n.\r\nMAIL FROM:<bad\r\nFOO bar\r\n"
                + "x".repeat(600) + "\r\nNOOP\r\n");
        h.transport.advance(11_000);
        assertThat(policy.seen).containsExactly("CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "RCPT 550",
                "DATA 354", "DATA 250", "MAIL 501", "UNKNOWN 500", "TOO_LONG 500", "NOOP 250", "TIMEOUT 421");
    }

    @Test
    void verbOfAnUnparseableLineIsBounded() {
        assertThat(SmtpServerSession.verbOf("mail FROM:<".getBytes())).isEqualTo("MAIL");
        assertThat(SmtpServerSession.verbOf("MAILX".getBytes())).isEqualTo("UNKNOWN");
        assertThat(SmtpServerSession.verbOf("\u00ffAIL x".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isEqualTo("UNKNOWN");
        assertThat(SmtpServerSession.verbOf("".getBytes())).isEqualTo("UNKNOWN");
        assertThat(SmtpServerSession.verbOf("QUIT".getBytes())).isEqualTo("QUIT");
    }
}
