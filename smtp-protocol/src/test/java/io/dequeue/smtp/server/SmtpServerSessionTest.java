package io.dequeue.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.sasl.SaslBase64;
import io.dequeue.smtp.wire.DataReader;
import io.dequeue.smtp.wire.Escapes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpServerSessionTest {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@remote.example>\r\n";
    private static final String RCPT = "RCPT TO:<user@example.net>\r\n";
    private static final String PLAIN_TIM = "AUTH PLAIN " + SaslBase64.encode("\0tim\0tanstaaf".getBytes()) + "\r\n";

    private static Arguments c(String name, UnaryOperator<ServerConfig> cfg, String input, String... expected) {
        return Arguments.of(name, cfg, input, List.of(expected));
    }

    private static final UnaryOperator<ServerConfig> SMTP = x -> x;
    private static final UnaryOperator<ServerConfig> INSECURE = x -> x.withInsecureAuth(true);
    private static final UnaryOperator<ServerConfig> ODMR = x -> x.withMode(ServerConfig.Mode.ODMR).withEtrn(false)
            .withAtrn(true).withInsecureAuth(true);

    /** name, config, client input (escaped, one write), expected replies after the greeting. */
    static Stream<Arguments> dialogues() {
        return Stream.of(
                c("pipelined transaction", SMTP, EHLO + MAIL + RCPT + "RCPT TO:<other@example.org>\r\nDATA\r\n",
                        "250", "250 2.1.0", "250 2.1.5", "250 2.1.5", "354"),
                c("HELO works", SMTP, "HELO client.example\r\n" + MAIL, "250", "250 2.1.0"),
                c("MAIL before EHLO", SMTP, MAIL, "503 5.5.1"),
                c("RCPT before MAIL", SMTP, EHLO + RCPT, "250", "503 5.5.1"),
                c("DATA before MAIL", SMTP, EHLO + "DATA\r\n", "250", "503 5.5.1"),
                c("DATA before RCPT", SMTP, EHLO + MAIL + "DATA\r\n", "250", "250 2.1.0", "503 5.5.1"),
                c("nested MAIL", SMTP, EHLO + MAIL + MAIL, "250", "250 2.1.0", "503 5.5.1"),
                c("relay denied then DATA", SMTP, EHLO + MAIL + "RCPT TO:<x@elsewhere.example>\r\nDATA\r\n",
                        "250", "250 2.1.0", "550 5.7.1", "503 5.5.1"),
                c("unknown user and full mailbox", SMTP, EHLO + MAIL + "RCPT TO:<unknown@example.net>\r\nRCPT TO:<full@example.net>\r\n",
                        "250", "250 2.1.0", "550 5.1.1", "452 4.2.2"),
                c("sender rejected", SMTP, EHLO + "MAIL FROM:<blocked@remote.example>\r\n" + RCPT,
                        "250", "550 5.7.1", "503 5.5.1"),
                c("SIZE over the limit at MAIL", x -> x.withMaxMessageSize(1000), EHLO + "MAIL FROM:<a@b.example> SIZE=1001\r\n",
                        "250", "552 5.3.4"),
                c("SIZE at the limit", x -> x.withMaxMessageSize(1000), EHLO + "MAIL FROM:<a@b.example> SIZE=1000\r\n",
                        "250", "250 2.1.0"),
                c("too many recipients", x -> x.withMaxRecipients(2),
                        EHLO + MAIL + RCPT + RCPT + RCPT, "250", "250 2.1.0", "250 2.1.5", "250 2.1.5", "452 4.5.3"),
                c("null reverse path", SMTP, EHLO + "MAIL FROM:<>\r\n", "250", "250 2.1.0"),
                c("RCPT to postmaster of the gateway", SMTP, EHLO + MAIL + "RCPT TO:<Postmaster>\r\n",
                        "250", "250 2.1.0", "250 2.1.5"),
                c("bad address syntax", SMTP, EHLO + "MAIL FROM:<a b@c.example>\r\nMAIL FROM:<caf\\xc3\\xa9@c.example>\r\n",
                        "250", "501 5.1.7", "553 5.6.7"),
                c("unknown and duplicate parameters", SMTP, EHLO + "MAIL FROM:<a@b.example> FOO=1\r\nMAIL FROM:<a@b.example> SIZE=1 SIZE=1\r\nMAIL FROM:<a@b.example> BODY=BINARYMIME\r\n",
                        "250", "555 5.5.4", "501 5.5.4", "555 5.5.4"),
                c("RSET ends the transaction", SMTP, EHLO + MAIL + "RSET\r\n" + RCPT, "250", "250 2.1.0", "250 2.0.0", "503 5.5.1"),
                c("line too long then recovery", SMTP, "NOOP " + "x".repeat(600) + "\r\nNOOP\r\n", "500 5.5.6", "250 2.0.0"),
                c("unknown command", SMTP, "XYZZY\r\n", "500 5.5.2"),
                c("empty line", SMTP, "\r\n", "500 5.5.2"),
                c("misc verbs", SMTP, "VRFY tim\r\nEXPN list\r\nTURN\r\nBDAT 10 LAST\r\nHELP\r\nNOOP\r\n",
                        "252 2.5.2", "502 5.5.1", "502 5.5.1", "502 5.5.1", "214 2.0.0", "250 2.0.0"),
                c("ETRN before EHLO", SMTP, "ETRN example.net\r\n", "503 5.5.1"),
                // the sequence is checked before the argument (PROTOCOL.md's order: 503, then 500 / 501)
                c("ETRN without argument before EHLO", SMTP, "ETRN\r\netrn bad_name\r\n", "503 5.5.1", "503 5.5.1"),
                c("ETRN without argument in a transaction", SMTP, EHLO + MAIL + "ETRN\r\n", "250", "250 2.1.0", "503 5.5.1"),
                c("ETRN disabled, bad argument", x -> x.withEtrn(false), EHLO + "ETRN\r\n", "250", "502 5.5.1"),
                c("ETRN inside a transaction", SMTP, EHLO + MAIL + "ETRN example.net\r\n", "250", "250 2.1.0", "503 5.5.1"),
                c("ETRN replies", SMTP, EHLO + "ETRN example.net\r\nETRN @example.net\r\nETRN empty.example\r\nETRN busy.example\r\nETRN other.example\r\nETRN secure.example\r\n",
                        "250", "253 2.0.0", "253 2.0.0", "251 2.0.0", "458 4.3.0", "459 4.7.1", "530 5.7.0"),
                c("ETRN argument errors", SMTP, EHLO + "ETRN\r\nETRN #queue\r\nETRN bad_name\r\n",
                        "250", "500 5.5.2", "501 5.5.4", "501 5.5.4"),
                c("ETRN disabled", x -> x.withEtrn(false), EHLO + "ETRN example.net\r\n", "250", "502 5.5.1"),
                c("ETRN after AUTH", INSECURE, EHLO + PLAIN_TIM + "ETRN secure.example\r\n", "250", "235 2.7.0", "250 2.0.0"),
                c("ATRN on the SMTP port", SMTP, EHLO + "ATRN example.net\r\n", "250", "502 5.5.1"),
                c("AUTH before EHLO", INSECURE, PLAIN_TIM, "503 5.5.1"),
                c("AUTH after HELO", INSECURE, "HELO client.example\r\n" + PLAIN_TIM, "250", "503 5.5.1"),
                c("AUTH unknown mechanism", INSECURE, EHLO + "AUTH GSSAPI\r\n", "250", "504 5.5.4"),
                c("AUTH PLAIN needs TLS", SMTP, EHLO + PLAIN_TIM, "250", "538 5.7.11"),
                c("AUTH PLAIN ok then twice", INSECURE, EHLO + PLAIN_TIM + PLAIN_TIM, "250", "235 2.7.0", "503 5.5.1"),
                c("AUTH in a transaction", INSECURE, EHLO + MAIL + PLAIN_TIM, "250", "250 2.1.0", "503 5.5.1"),
                c("AUTH bad base64", INSECURE, EHLO + "AUTH PLAIN ###\r\n", "250", "501 5.5.2"),
                c("AUTH cancelled", INSECURE, EHLO + "AUTH LOGIN\r\n*\r\n", "250", "334", "501 5.7.0"),
                c("AUTH bad base64 in a response", INSECURE, EHLO + "AUTH LOGIN\r\n@@@@\r\nNOOP\r\n", "250", "334", "501 5.5.2", "250 2.0.0"),
                c("AUTH LOGIN ok", INSECURE, EHLO + "AUTH LOGIN\r\ndGlt\r\ndGFuc3RhYWY=\r\n", "250", "334", "334", "235 2.7.0"),
                c("AUTH PLAIN empty challenge", INSECURE, EHLO + "AUTH PLAIN\r\n" + SaslBase64.encode("\0tim\0tanstaaf".getBytes()) + "\r\n",
                        "250", "334", "235 2.7.0"),
                c("AUTH wrong password", INSECURE, EHLO + "AUTH PLAIN " + SaslBase64.encode("\0tim\0nope".getBytes()) + "\r\n",
                        "250", "535 5.7.8"),
                c("AUTH failures end the session", INSECURE, EHLO + ("AUTH PLAIN " + SaslBase64.encode("\0tim\0nope".getBytes()) + "\r\n").repeat(3) + "NOOP\r\n",
                        "250", "535 5.7.8", "535 5.7.8", "421 4.7.0"),
                c("AUTH response may be long", INSECURE, EHLO + "AUTH LOGIN\r\n" + SaslBase64.encode("x".repeat(200).getBytes()) + "\r\n"
                        + SaslBase64.encode("y".repeat(255).getBytes()) + "\r\n", "250", "334", "334", "535 5.7.8"),
                c("STARTTLS unavailable", SMTP, EHLO + "STARTTLS\r\n", "250", "454 4.7.0"),
                c("STARTTLS with an argument", x -> x.withTls(true), EHLO + "STARTTLS now\r\n", "250", "501 5.5.4"),
                c("QUIT ends the session, later commands ignored", SMTP, "QUIT\r\nNOOP\r\nNOOP\r\n", "221 2.0.0"),
                c("ODMR: mail commands are not implemented", ODMR,
                        EHLO + MAIL + RCPT + "DATA\r\nVRFY x\r\nEXPN x\r\nETRN example.net\r\nTURN\r\n",
                        "250", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1", "502 5.5.1"),
                c("ODMR: ATRN before AUTH", ODMR, EHLO + "ATRN example.net\r\n", "250", "530 5.7.0"),
                c("ODMR: ATRN before EHLO", ODMR, "ATRN example.net\r\n", "503 5.5.1"),
                c("ODMR: ATRN refused", ODMR, EHLO + PLAIN_TIM + "ATRN other.example,example.net\r\n", "250", "235 2.7.0", "450"),
                c("ODMR: ATRN busy", ODMR, EHLO + PLAIN_TIM + "ATRN busy.example\r\n", "250", "235 2.7.0", "451"),
                c("ODMR: ATRN no mail", ODMR, EHLO + PLAIN_TIM + "ATRN example.org\r\n", "250", "235 2.7.0", "453"),
                c("ODMR: ATRN bad syntax", ODMR, EHLO + PLAIN_TIM + "ATRN bad_name\r\n", "250", "235 2.7.0", "501 5.5.4"),
                c("ODMR: NOOP RSET HELP allowed", ODMR, "NOOP\r\nRSET\r\nHELP\r\n", "250 2.0.0", "250 2.0.0", "214 2.0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialogues")
    void dialogue(String name, UnaryOperator<ServerConfig> cfg, String input, List<String> expected) {
        Harness h = new Harness(cfg.apply(Harness.smtp()));
        assertThat(Harness.codes(h.replies())).containsExactly("220");
        assertThat(h.sendCodes(new String(Escapes.unescape(input), StandardCharsets.ISO_8859_1)))
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} (byte by byte)")
    @MethodSource("dialogues")
    void dialogueByteByByte(String name, UnaryOperator<ServerConfig> cfg, String input, List<String> expected) {
        Harness h = new Harness(cfg.apply(Harness.smtp()));
        h.replies();
        byte[] bytes = Escapes.unescape(input);
        for (byte b : bytes) {
            h.transport.clientSend(new byte[] {b});
        }
        assertThat(Harness.codes(h.replies())).containsExactlyElementsOf(expected);
    }

    @Test
    void ehloAdvertisesCapabilities() {
        Harness h = new Harness(Harness.smtp().withTls(true).withMaxMessageSize(5000));
        h.replies();
        Reply ehlo = h.send(EHLO).get(0);
        assertThat(ehlo.enhancedCode()).isNull();
        assertThat(ehlo.lines()).containsExactly("gw.example", "PIPELINING", "SIZE 5000", "8BITMIME",
                "ENHANCEDSTATUSCODES", "DSN", "ETRN", "STARTTLS", "AUTH CRAM-MD5");
    }

    @Test
    void odmrEhloAdvertisesAuthAndAtrn() {
        Harness h = new Harness(ServerConfig.odmr().withHostname("gw.example"));
        assertThat(h.replies().get(0).toString()).isEqualTo("220 gw.example ESMTP Dequeue");
        Reply ehlo = h.send(EHLO).get(0);
        assertThat(ehlo.lines()).containsExactly("gw.example", "ENHANCEDSTATUSCODES", "AUTH CRAM-MD5", "ATRN");
    }

    @Test
    void messageIsDeliveredToTheSinkAndPipelinedCommandsFollow() {
        Harness h = new Harness(Harness.smtp());
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        List<Reply> r = h.send("Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\nMAIL FROM:<>\r\nQUIT\r\n");
        assertThat(r).extracting(Reply::toString).containsExactly("250 2.0.0 Ok: queued as Q1", "250 2.1.0 Sender ok", "221 2.0.0 Bye");
        assertThat(h.policy.messages).hasSize(1);
        assertThat(h.policy.messages.get(0).text()).isEqualTo("Subject: hi\r\n\r\n.dot\r\nbody\r\n");
        assertThat(h.policy.messages.get(0).envelope().recipients()).hasSize(1);
        assertThat(h.transport.isClosed()).isTrue();
        assertThat(h.policy.closed).isEqualTo(1);
    }

    @Test
    void emptyBody() {
        Harness h = new Harness(Harness.smtp());
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        assertThat(Harness.codes(h.send(".\r\n"))).containsExactly("250 2.0.0");
        assertThat(h.policy.messages.get(0).body()).isEmpty();
    }

    @Test
    void bareLineFeedBodyIsRejectedAfterTheRealEnd() {
        Harness h = new Harness(Harness.smtp());
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        assertThat(h.send("a\nb\r\n")).isEmpty();
        assertThat(Harness.codes(h.send(".\r\nNOOP\r\n"))).containsExactly("550 5.5.2", "250 2.0.0");
        assertThat(h.policy.messages).isEmpty();
        assertThat(h.policy.aborted).containsExactly(Replies.BARE_LINE_ENDING);
        assertThat(h.session.state()).isEqualTo(State.READY);
    }

    @Test
    void bareLineFeedNormalizedWhenConfigured() {
        Harness h = new Harness(Harness.smtp().withBareLineEndings(DataReader.BareLineEndingPolicy.NORMALIZE));
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        assertThat(Harness.codes(h.send("a\nb\r\n.\r\n"))).containsExactly("250 2.0.0");
        assertThat(h.policy.messages.get(0).text()).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void oversizedBodyIsRefusedWith552() {
        Harness h = new Harness(Harness.smtp().withMaxMessageSize(100));
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        for (int i = 0; i < 50; i++) {
            assertThat(h.send("x".repeat(70) + "\r\n")).isEmpty();
        }
        assertThat(Harness.codes(h.send(".\r\n"))).containsExactly("552 5.3.4");
        assertThat(h.policy.aborted).containsExactly(Replies.MESSAGE_TOO_BIG);
    }

    static Stream<String> markers() {
        return Stream.of("\\n.\\n", "\\r.\\r", "\\r.\\n", "\\n.\\r", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r\\n", "\\r\\n.\\r",
                "\\r\\n\\0.\\r\\n");
    }

    @ParameterizedTest(name = "smuggling marker {0}: one message with the one envelope, or refused whole")
    @MethodSource("markers")
    void smuggling(String marker) {
        String bareOnly = new String(Escapes.unescape(marker), java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", "");
        boolean bare = bareOnly.indexOf('\r') >= 0 || bareOnly.indexOf('\n') >= 0;
        for (DataReader.BareLineEndingPolicy p : DataReader.BareLineEndingPolicy.values()) {
            Harness h = new Harness(Harness.smtp().withBareLineEndings(p));
            h.replies();
            h.send(EHLO + MAIL + RCPT + "DATA\r\n");
            byte[] attack = Escapes.unescape("Subject: one\\r\\n\\r\\nline" + marker
                    + "MAIL FROM:<evil@attacker.example>\\r\\nRCPT TO:<victim@example.org>\\r\\nDATA\\r\\nSubject: two\\r\\n\\r\\nevil\\r\\n.\\r\\n");
            h.transport.clientSend(attack);
            List<Reply> replies = h.replies();
            if (bare && p == DataReader.BareLineEndingPolicy.REJECT) {
                assertThat(replies).as("the whole body refused (%s)", p).containsExactly(Replies.BARE_LINE_ENDING);
                assertThat(h.policy.messages).isEmpty();
            } else {
                assertThat(Harness.codes(replies)).as("one reply for the whole body (%s)", p).containsExactly("250 2.0.0");
                assertThat(h.policy.messages).hasSize(1);
                TestPolicy.Held m = h.policy.messages.get(0);
                assertThat(m.envelope().mail().reversePath().address()).isEqualTo("sender@remote.example");
                assertThat(m.envelope().recipients()).hasSize(1);
                assertThat(m.envelope().recipients().get(0).forwardPath().address()).isEqualTo("user@example.net");
                assertThat(m.text()).as("the smuggled commands are body text").startsWith("Subject: one\r\n\r\nline")
                        .contains("MAIL FROM:<evil@attacker.example>").endsWith("evil\r\n");
            }
            assertThat(Harness.codes(h.send("QUIT\r\n"))).containsExactly("221 2.0.0");
        }
    }

    @Test
    void asyncPolicyPausesInputAndKeepsRepliesInOrder() {
        TestPolicy policy = new TestPolicy();
        policy.asyncRcpt = true;
        Harness h = new Harness(Harness.smtp(), policy);
        h.replies();
        List<Reply> r = h.send(EHLO + MAIL + RCPT + "RCPT TO:<x@elsewhere.example>\r\nDATA\r\n");
        assertThat(Harness.codes(r)).containsExactly("250", "250 2.1.0");
        assertThat(h.transport.isPaused()).isTrue();
        assertThat(policy.pendingRcpt).hasSize(1);
        h.transport.clientSend("Subject: x\r\n\r\nhello\r\n.\r\n");
        assertThat(h.replies()).isEmpty();

        policy.pendingRcpt.poll().complete();
        assertThat(Harness.codes(h.replies())).containsExactly("250 2.1.5");
        assertThat(policy.pendingRcpt).hasSize(1);
        policy.pendingRcpt.poll().complete();
        // second RCPT answered, then DATA, and the queued body is read to its end
        assertThat(Harness.codes(h.replies())).containsExactly("550 5.7.1", "354", "250 2.0.0");
        assertThat(h.transport.isPaused()).isFalse();
        assertThat(policy.messages).hasSize(1);
    }

    @Test
    void asyncMessageEndBlocksPipelinedCommands() {
        TestPolicy policy = new TestPolicy();
        policy.asyncEnd = true;
        Harness h = new Harness(Harness.smtp(), policy);
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\n");
        assertThat(h.send("x\r\n.\r\nNOOP\r\nQUIT\r\n")).isEmpty();
        policy.pendingEnd.poll().complete();
        assertThat(Harness.codes(h.replies())).containsExactly("250 2.0.0", "250 2.0.0", "221 2.0.0");
    }

    @Test
    void failedPolicyFutureGives451() {
        TestPolicy policy = new TestPolicy();
        policy.failMail = true;
        Harness h = new Harness(Harness.smtp(), policy);
        h.replies();
        assertThat(Harness.codes(h.send(EHLO + MAIL + RCPT))).containsExactly("250", "451 4.3.0", "503 5.5.1");
    }

    @Test
    void cramMd5Authentication() {
        Harness h = new Harness(ServerConfig.odmr().withHostname("gw.example"));
        h.replies();
        h.send(EHLO);
        Reply challenge = h.send("AUTH CRAM-MD5\r\n").get(0);
        assertThat(challenge.code()).isEqualTo(334);
        byte[] c = SaslBase64.decodeResponse(challenge.text());
        assertThat(new String(c, StandardCharsets.US_ASCII)).matches("<\\d+\\.\\d+@gw\\.example>");
        assertThat(h.session.state()).isEqualTo(State.AUTH_CHALLENGE);
        List<Reply> ok = h.send(CramMd5.clientResponse("tim", TestPolicy.PASSWORD, c) + "\r\n");
        assertThat(ok).containsExactly(Replies.AUTH_SUCCESSFUL);
        assertThat(h.session.authenticatedIdentity()).isEqualTo("tim");

        Harness h2 = new Harness(ServerConfig.odmr().withHostname("gw.example"));
        h2.replies();
        h2.send(EHLO);
        byte[] c2 = SaslBase64.decodeResponse(h2.send("AUTH CRAM-MD5\r\n").get(0).text());
        assertThat(c2).isNotEqualTo(c);
        assertThat(h2.send(CramMd5.clientResponse("tim", "wrong".getBytes(), c2) + "\r\n")).containsExactly(Replies.AUTH_FAILED);
        // a replayed response to an old challenge fails too
        byte[] c3 = SaslBase64.decodeResponse(h2.send("AUTH CRAM-MD5\r\n").get(0).text());
        assertThat(h2.send(CramMd5.clientResponse("tim", TestPolicy.PASSWORD, c) + "\r\n")).containsExactly(Replies.AUTH_FAILED);
        assertThat(c3).isNotEqualTo(c);
    }

    @Test
    void authResponseLongerThanTheLimitIsRefused() {
        Harness h = new Harness(Harness.smtp().withInsecureAuth(true));
        h.replies();
        h.send(EHLO + "AUTH LOGIN\r\n");
        assertThat(Harness.codes(h.send("A".repeat(13000) + "\r\nNOOP\r\n"))).containsExactly("500 5.5.6", "250 2.0.0");
        assertThat(h.session.state()).isEqualTo(State.READY);
    }

    @Test
    void startTlsDiscardsPipelinedPlaintextAndForgetsTheSession() {
        Harness h = new Harness(Harness.smtp().withTls(true).withInsecureAuth(true));
        h.replies();
        h.send(EHLO + PLAIN_TIM);
        assertThat(h.session.authenticatedIdentity()).isEqualTo("tim");
        List<Reply> r = h.send("STARTTLS\r\nMAIL FROM:<evil@attacker.example>\r\n");
        assertThat(r).containsExactly(Replies.STARTTLS_READY);
        assertThat(h.transport.tlsUpgrades()).isEqualTo(1);
        assertThat(h.session.isTls()).isTrue();
        assertThat(h.session.authenticatedIdentity()).isNull();
        assertThat(h.session.heloDomain()).isNull();
        assertThat(h.session.state()).isEqualTo(State.GREETED);
        // the injected MAIL was dropped: RCPT has no transaction, MAIL needs a new EHLO
        assertThat(Harness.codes(h.send(RCPT + MAIL))).containsExactly("503 5.5.1", "503 5.5.1");
        Reply ehlo = h.send(EHLO).get(0);
        assertThat(ehlo.lines()).doesNotContain("STARTTLS").contains("AUTH CRAM-MD5 PLAIN LOGIN");
        assertThat(Harness.codes(h.send("STARTTLS\r\n"))).containsExactly("503 5.5.1");
    }

    @Test
    void plainAllowedUnderTls() {
        Harness h = new Harness(Harness.smtp().withTls(true));
        h.replies();
        h.send(EHLO + "STARTTLS\r\n");
        assertThat(Harness.codes(h.send(EHLO + PLAIN_TIM))).containsExactly("250", "235 2.7.0");
    }

    @Test
    void atrnHandsTheConnectionOver() {
        Harness h = new Harness(ServerConfig.odmr().withHostname("gw.example").withInsecureAuth(true));
        h.replies();
        h.send(EHLO + PLAIN_TIM);
        List<Reply> r = h.send("ATRN example.net\r\n");
        assertThat(r).containsExactly(Replies.ATRN_OK);
        assertThat(h.session.state()).isEqualTo(State.REVERSED);
        assertThat(h.policy.reversedTransport).isSameAs(h.transport);
        assertThat(h.transport.isPaused()).isTrue();
        assertThat(h.transport.activeTimers()).isZero();
        // the customer's 220 now goes to the new owner, not to the session
        Buffer got = Buffer.buffer();
        h.transport.clientSend("220 customer.example ESMTP\r\n");
        h.transport.setHandlers(got::appendBuffer, null);
        h.transport.resume();
        assertThat(got.toString()).isEqualTo("220 customer.example ESMTP\r\n");
        assertThat(h.transport.takeOutput()).isEmpty();
        assertThat(h.policy.closed).isZero();
    }

    @Test
    void atrnWithBytesAfterItIsRefused() {
        Harness h = new Harness(ServerConfig.odmr().withHostname("gw.example").withInsecureAuth(true));
        h.replies();
        h.send(EHLO + PLAIN_TIM);
        assertThat(h.send("ATRN example.net\r\nMAIL FROM:<x@y.example>\r\n")).containsExactly(Replies.ATRN_REFUSED);
        assertThat(h.transport.isClosed()).isTrue();
        assertThat(h.policy.reversedTransport).isNull();
    }

    @Test
    void earlyTalkerIsDropped() {
        Harness h = new Harness(Harness.smtp().withGreetingDelay(Duration.ofSeconds(2)));
        assertThat(h.replies()).isEmpty();
        h.transport.clientSend("EHLO hasty.example\r\n");
        h.transport.advance(2000);
        assertThat(h.replies()).containsExactly(Replies.EARLY_TALKER);
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void patientClientIsGreetedAfterTheDelay() {
        Harness h = new Harness(Harness.smtp().withGreetingDelay(Duration.ofSeconds(2)));
        h.transport.advance(1999);
        assertThat(h.replies()).isEmpty();
        h.transport.advance(1);
        assertThat(Harness.codes(h.replies())).containsExactly("220");
        assertThat(Harness.codes(h.send(EHLO))).containsExactly("250");
    }

    @Test
    void greetingRefusedByPolicyCloses() {
        TestPolicy p = new TestPolicy() {
            @Override
            public Future<Reply> connect(SessionInfo session) {
                return Future.succeededFuture(Replies.TOO_MANY_CONNECTIONS);
            }
        };
        Harness h = new Harness(Harness.smtp(), p);
        assertThat(h.replies()).containsExactly(Replies.TOO_MANY_CONNECTIONS);
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void idleTimeout() {
        Harness h = new Harness(Harness.smtp().withIdleTimeout(Duration.ofSeconds(300)));
        h.replies();
        h.transport.advance(200_000);
        h.send(EHLO);
        h.transport.advance(299_000);
        assertThat(h.replies()).isEmpty();
        h.transport.advance(1_000);
        assertThat(h.replies()).containsExactly(Replies.IDLE_TIMEOUT);
        assertThat(h.transport.isClosed()).isTrue();
        assertThat(h.policy.closed).isEqualTo(1);
    }

    @Test
    void idleTimeoutDuringDataAbortsTheMessage() {
        Harness h = new Harness(Harness.smtp().withIdleTimeout(Duration.ofSeconds(10)));
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\npartial body\r\n");
        h.transport.advance(10_000);
        assertThat(h.replies()).containsExactly(Replies.IDLE_TIMEOUT);
        assertThat(h.policy.aborted).hasSize(1);
        assertThat(h.policy.messages).isEmpty();
    }

    @Test
    void totalSessionTimeout() {
        Harness h = new Harness(Harness.smtp().withIdleTimeout(Duration.ofSeconds(10)).withSessionTimeout(Duration.ofSeconds(25)));
        h.replies();
        for (int i = 0; i < 3; i++) {
            h.transport.advance(8_000);
            assertThat(Harness.codes(h.send("NOOP\r\n"))).containsExactly("250 2.0.0");
        }
        h.transport.advance(1_000);
        assertThat(h.replies()).containsExactly(Replies.SESSION_TIMEOUT);
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void tooManyErrorsEndTheSession() {
        Harness h = new Harness(Harness.smtp().withMaxErrors(3));
        h.replies();
        assertThat(Harness.codes(h.send("X\r\nX\r\nX\r\nX\r\nNOOP\r\n")))
                .containsExactly("500 5.5.2", "500 5.5.2", "500 5.5.2", "421 4.7.0");
        assertThat(h.transport.isClosed()).isTrue();
    }

    @Test
    void clientDisconnectDuringDataAbortsTheSink() {
        Harness h = new Harness(Harness.smtp());
        h.replies();
        h.send(EHLO + MAIL + RCPT + "DATA\r\nhalf a message\r\n");
        h.transport.clientClose();
        assertThat(h.policy.aborted).hasSize(1);
        assertThat(h.policy.closed).isEqualTo(1);
        assertThat(h.session.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void sessionInfoViews() {
        Harness h = new Harness(Harness.smtp());
        h.replies();
        h.send(EHLO + MAIL + RCPT + "ETRN example.net\r\n");
        assertThat(h.session.heloDomain()).isEqualTo("client.example");
        assertThat(h.session.isExtended()).isTrue();
        assertThat(h.session.envelope().recipients()).hasSize(1);
        assertThat(h.session.state()).isEqualTo(State.RCPT);
        assertThat(h.session.id()).isNotBlank();
        assertThat(h.session.remoteAddress().host()).isEqualTo("192.0.2.10");
        h.send("RSET\r\nETRN example.net\r\n");
        assertThat(h.session.etrnCount()).isEqualTo(1);
        assertThat(h.session.envelope()).isNull();
    }
}
