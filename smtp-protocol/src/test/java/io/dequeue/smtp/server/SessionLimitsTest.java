package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.SaslBase64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Output backpressure, the junk command limit and what counts as an error. */
class SessionLimitsTest {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@remote.example>\r\n";
    private static final String RCPT = "RCPT TO:<user@example.net>\r\n";
    private static final int CHUNK = 64 * 1024;

    static ServerConfig config(String mode) {
        return (mode.equals("smtp") ? ServerConfig.smtp() : ServerConfig.odmr()).withHostname("gw.example");
    }

    /** A client that sends 4 MiB of HELP and never reads: the session stops reading, output stays bounded. */
    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"smtp", "odmr"})
    void aClientThatDoesNotReadCannotFillTheServersMemory(String mode) {
        Harness h = new Harness(config(mode).withMaxJunkCommands(Integer.MAX_VALUE));
        h.replies();
        h.transport.clientSend(EHLO);
        String help = "HELP\r\n".repeat(CHUNK / 6);
        long sent = 0;
        int most = 0;
        for (int i = 0; i < 64; i++) {
            h.transport.clientSend(help);
            sent += help.length();
            most = Math.max(most, h.transport.pendingOutput());
        }
        // 4 MiB of HELP would be ~30 MiB of replies; the session stopped at the write queue bound
        assertThat(sent).isEqualTo(64L * help.length());
        assertThat(most).as("bytes queued for a peer that does not read").isLessThanOrEqualTo(64 * 1024 + 8 * 1024);
        assertThat(h.transport.isPaused()).as("reading paused while the write queue is full").isTrue();
        assertThat(h.transport.queuedInput()).as("the rest waits at the client").isGreaterThan(3 * 1024 * 1024);

        // the peer reads: the session goes on where it stopped, in order
        List<Reply> replies = h.replies();
        assertThat(replies.get(0).code()).isEqualTo(250);
        assertThat(replies.subList(1, replies.size())).isNotEmpty().allMatch(r -> r.equals(Replies.HELP));
        assertThat(h.transport.pendingOutput()).isPositive().isLessThanOrEqualTo(64 * 1024 + 8 * 1024);
        assertThat(h.transport.isClosed()).isFalse();
    }

    /** The same flood with the default limit ends after 100 junk commands, whatever the client reads. */
    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"smtp", "odmr"})
    void aHelpFloodEndsAtTheJunkLimit(String mode) {
        Harness h = new Harness(config(mode));
        h.replies();
        h.transport.clientSend(EHLO);
        h.transport.clientSend("HELP\r\n".repeat(CHUNK / 6));
        for (int i = 0; i < 16 && !h.transport.isClosed(); i++) {
            h.transport.clientSend("HELP\r\n".repeat(CHUNK / 6));
        }
        List<Reply> replies = h.replies();
        assertThat(replies).hasSize(1 + 100 + 1);
        assertThat(replies.subList(1, 101)).allMatch(r -> r.equals(Replies.HELP));
        assertThat(replies.get(101)).isEqualTo(Replies.TOO_MANY_JUNK_COMMANDS);
        assertThat(Harness.codes(List.of(replies.get(101)))).containsExactly("421 4.7.0");
        assertThat(h.transport.isClosed()).isTrue();
        assertThat(h.policy.closed).isEqualTo(1);
    }

    @Test
    void noopHelpRsetAndVrfyAreJunk() {
        Harness h = new Harness(Harness.smtp().withMaxJunkCommands(4));
        h.replies();
        assertThat(Harness.codes(h.send(EHLO + "NOOP\r\nHELP\r\nRSET\r\nVRFY postmaster\r\nNOOP\r\nNOOP\r\n")))
                .containsExactly("250", "250 2.0.0", "214 2.0.0", "250 2.0.0", "252 2.5.2", "421 4.7.0");
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void refusedRcptEtrnAndAuthAreJunk() {
        Harness h = new Harness(Harness.smtp().withMaxJunkCommands(3).withMaxErrors(100).withInsecureAuth(true));
        h.replies();
        String badAuth = "AUTH PLAIN " + SaslBase64.encode("\0tim\0nope".getBytes()) + "\r\n";
        assertThat(Harness.codes(h.send(EHLO + badAuth + "ETRN nobody.example\r\n" + MAIL
                + "RCPT TO:<unknown@example.net>\r\n" + RCPT + "RCPT TO:<unknown@example.net>\r\n")))
                .containsExactly("250", "535 5.7.8", "459 4.7.1", "250 2.1.0", "550 5.1.1", "250 2.1.5", "421 4.7.0");
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void anAcceptedMessageStartsTheJunkCountAnew() {
        Harness h = new Harness(Harness.smtp().withMaxJunkCommands(2));
        h.replies();
        String message = MAIL + RCPT + "DATA\r\nSubject: x\r\n\r\nx\r\n.\r\n";
        List<String> codes = Harness.codes(h.send(EHLO + "NOOP\r\nRSET\r\n" + message + "NOOP\r\nRSET\r\n" + message + "NOOP\r\n"));
        assertThat(codes).containsExactly("250", "250 2.0.0", "250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0",
                "250 2.0.0", "250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "250 2.0.0");
        assertThat(h.policy.messages).hasSize(2);
    }

    /** Address harvesting: refused recipients count toward the error limit. */
    @Test
    void refusedRecipientsCountAsErrors() {
        Harness h = new Harness(Harness.smtp().withMaxErrors(3));
        h.replies();
        String unknown = "RCPT TO:<unknown@example.net>\r\n";
        assertThat(Harness.codes(h.send(EHLO + MAIL + unknown + unknown + unknown + RCPT + unknown)))
                .containsExactly("250", "250 2.1.0", "550 5.1.1", "550 5.1.1", "550 5.1.1", "250 2.1.5", "421 4.7.0");
        assertThat(h.send("NOOP\r\n")).isEmpty();
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void refusedEtrnCountsAsAnError() {
        Harness h = new Harness(Harness.smtp().withMaxErrors(2));
        h.replies();
        assertThat(Harness.codes(h.send(EHLO + "ETRN a.example\r\nETRN example.net\r\nETRN b.example\r\nETRN c.example\r\n")))
                .containsExactly("250", "459 4.7.1", "253 2.0.0", "459 4.7.1", "421 4.7.0");
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void tooManyRecipientsIsNotAnError() {
        Harness h = new Harness(Harness.smtp().withMaxRecipients(1).withMaxErrors(1));
        h.replies();
        assertThat(Harness.codes(h.send(EHLO + MAIL + RCPT + RCPT + RCPT + RCPT)))
                .containsExactly("250", "250 2.1.0", "250 2.1.5", "452 4.5.3", "452 4.5.3", "452 4.5.3");
    }

    /** A peer that never reads: the idle timeout ends the session, and the close does not wait for the peer forever. */
    @Test
    void aPeerThatNeverReadsIsDroppedAfterTheIdleTimeout() {
        Harness h = new Harness(Harness.smtp());
        h.transport.setWriteQueueMaxSize(1024);
        h.transport.clientSend(EHLO + "HELP\r\n".repeat(90));
        assertThat(h.transport.isPaused()).isTrue();
        assertThat(h.transport.isClosed()).isFalse();
        h.transport.advance(ServerConfig.smtp().idleTimeout().toMillis());
        assertThat(h.policy.closed).as("421 4.4.2 queued, the session is over").isEqualTo(1);
        assertThat(h.transport.isClosed()).as("the last write is still not taken").isFalse();
        h.transport.advance(SmtpServerSession.CLOSE_GRACE_MILLIS);
        assertThat(h.transport.isClosed()).isTrue();
    }
}
