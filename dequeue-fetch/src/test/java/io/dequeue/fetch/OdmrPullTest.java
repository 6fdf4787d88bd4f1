package io.dequeue.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static io.dequeue.fetch.OdmrScripts.LOCAL_EHLO;
import static io.dequeue.fetch.OdmrScripts.LOGIN;
import static io.dequeue.fetch.OdmrScripts.TURN;
import static io.dequeue.fetch.OdmrScripts.odmr;
import static org.assertj.core.api.Assertions.assertThat;

/** ODMR pulls against a scripted RFC 2645 server and a scripted local mail server. */
class OdmrPullTest {

    @Test
    void relaysAPipelinedTransactionAndMapsEachRecipientsLocalAnswer() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 2.1.0 Ok
                C: RCPT TO:<u1@a.test>
                S: 250 2.1.5 Ok
                C: RCPT TO:<u2@a.test>
                S: 450 4.2.2 Mailbox full
                C: RCPT TO:<u3@a.test>
                S: 550 5.1.1 No such user
                C: DATA
                S: 354 go ahead
                !data
                S: 250 2.0.0 queued as X1
                C: QUIT
                S: 221 bye
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + """
                C: ATRN a.test,b.test
                S: 250 OK now reversing the connection
                R: 220
                S: EHLO odmr.test
                C: 250-client.test
                C: 250-PIPELINING
                C: 250-X-ODMR-PIPELINING
                C: 250-ENHANCEDSTATUSCODES
                C: 250-8BITMIME
                C: 250 SIZE 1000000
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u1@a.test>
                S: RCPT TO:<u2@a.test>
                S: RCPT TO:<u3@a.test>
                S: DATA
                R: 250 2.1.0
                R: 250 2.1.5
                R: 450 4.2.2 Mailbox full
                R: 550 5.1.1 No such user
                R: 354
                B: Subject: t\\r\\n\\r\\n..dot line\\r\\nbody\\r\\n.\\r\\n
                R: 250 2.0.0 queued as X1
                S: QUIT
                R: 221
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false, "a.test", "b.test")).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.messages()).isEqualTo(1);
            assertThat(r.recipientsAccepted()).isEqualTo(1);
            assertThat(r.recipientsDeferred()).isEqualTo(1);
            assertThat(r.recipientsRejected()).isEqualTo(1);
            assertThat(new String(local.messages().get(0), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: t\r\n\r\n..dot line\r\nbody\r\n.\r\n");
        }
    }

    @Test
    void twoMessagesOverOneLocalConnectionWithoutPipelining() throws Exception {
        try (ScriptedServer local = ScriptedServer.start("""
                S: 220 local.test ESMTP
                C: EHLO client.test
                S: 250 local.test
                C: MAIL FROM:<a@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                S: 250 queued 1
                C: MAIL FROM:<b@x.test>
                S: 250 Ok
                C: RCPT TO:<v@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                S: 250 queued 2
                C: QUIT
                S: 221 bye
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<a@x.test>
                R: 250
                S: RCPT TO:<u@a.test>
                R: 250
                S: DATA
                R: 354
                B: one\\r\\n.\\r\\n
                R: 250 queued 1
                S: MAIL FROM:<b@x.test>
                S: RCPT TO:<v@a.test>
                S: DATA
                R: 250
                R: 250
                R: 354
                B: two\\r\\n.\\r\\n
                R: 250 queued 2
                S: QUIT
                R: 221
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.messages()).isEqualTo(2);
            assertThat(local.connections()).isEqualTo(1);
        }
    }

    @Test
    void nothingWaitingIs453AndExitZero() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n");
             ScriptedServer up = ScriptedServer.start(LOGIN + """
                C: ATRN a.test
                S: 453 4.7.0 You have no mail
                C: QUIT
                S: 221 bye
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false, "a.test")).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.messages()).isZero();
            assertThat(r.upstreamReply()).contains("453");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'451 4.3.0 Another session for this account is in progress', 5",
        "'450 4.7.0 Try again later', 5",
        "'421 4.3.2 Service not available', 5",
        "'530 5.7.0 Authentication required', 6",
        "'502 5.5.1 ATRN not supported', 6",
    })
    void atrnRefusalsMapToTheirExitStatus(String reply, int status) throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n");
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN a.test\nS: " + reply + "\nC: QUIT\nS: 221 bye\n")) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false, "a.test")).run(new StopSignal());
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(status);
            assertThat(r.upstreamReply()).contains(reply.substring(0, 3));
        }
    }

    @Test
    void wrongPasswordIsExitFour() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n");
             ScriptedServer up = ScriptedServer.start(LOGIN.replace("s3cret-Pass", "other-pass"))) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.AUTH);
        }
    }

    @Test
    void localServerDownAsksNothingUpstream() throws Exception {
        HostPort closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = new HostPort("127.0.0.1", s.getLocalPort());
        }
        try (ScriptedServer up = ScriptedServer.start(LOGIN)) {
            PullResult r = Pull.odmr(odmr(up, closed, false)).run(new StopSignal());
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.LOCAL_FAILED);
            assertThat(up.connections()).isZero();
        }
    }

    @Test
    void upstreamClosingMidDataAbortsTheLocalTransaction() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data-aborted
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 250
                R: 250
                R: 354
                B: Subject: half\\r\\n\\r\\nsome text\\r\\n.
                !close
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.CONNECTION);
            assertThat(r.messages()).isZero();
            assertThat(local.messages()).isEmpty();
        }
    }

    @Test
    void localServerFailingMidSessionAnswers451ThenEndsWith421() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                !close
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 250
                R: 250
                R: 451 4.3.0
                S: MAIL FROM:<t@x.test>
                R: 421 4.3.0
                !closed
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.LOCAL_FAILED);
            assertThat(r.messages()).isZero();
        }
    }

    @Test
    void localFailureAfterTheDataIsNeverAcknowledgedUpstream() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                !close
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 250
                R: 250
                R: 354
                B: hello\\r\\n.\\r\\n
                R: 451 4.3.0
                S: QUIT
                R: 221
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.LOCAL_FAILED);
            assertThat(r.messages()).isZero();
            assertThat(r.recipientsDeferred()).isEqualTo(1);
        }
    }

    @Test
    void lmtpPerRecipientDataRepliesMapBack() throws Exception {
        try (ScriptedServer local = ScriptedServer.start("""
                S: 220 local.test LMTP
                C: LHLO client.test
                S: 250-local.test
                S: 250 PIPELINING
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u1@a.test>
                S: 250 Ok
                C: RCPT TO:<u2@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                S: 250 2.0.0 <u1@a.test> delivered
                S: 452 4.2.2 <u2@a.test> over quota
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u1@a.test>
                S: 250 Ok
                C: RCPT TO:<u3@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                S: 250 2.0.0 <u1@a.test> delivered
                S: 550 5.1.1 <u3@a.test> gone
                C: QUIT
                S: 221 bye
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u1@a.test>
                S: RCPT TO:<u2@a.test>
                S: DATA
                R: 250
                R: 250
                R: 250
                R: 354
                B: one\\r\\n.\\r\\n
                R: 452 4.2.2 <u2@a.test> over quota
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u1@a.test>
                S: RCPT TO:<u3@a.test>
                S: DATA
                R: 250
                R: 250
                R: 250
                R: 354
                B: two\\r\\n.\\r\\n
                R: 250 2.0.0 Delivered to 1 of 2
                S: QUIT
                R: 221
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), true)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.recipientsAccepted()).isEqualTo(2);
            assertThat(r.recipientsDeferred()).isEqualTo(1);
            assertThat(r.recipientsRejected()).isEqualTo(1);
        }
    }

    @Test
    void stopEndsTheSessionAfterTheCurrentMessage() throws Exception {
        StopSignal stop = new StopSignal();
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                !signal
                S: 250 queued
                C: QUIT
                S: 221 bye
                """, stop::request);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 250
                R: 250
                R: 354
                B: one\\r\\n.\\r\\n
                R: 250 queued
                S: MAIL FROM:<s@x.test>
                R: 421 4.3.0
                !closed
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(stop);
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.INTERRUPTED);
            assertThat(r.messages()).isEqualTo(1);
        }
    }

    @Test
    void aMalformedLocalReplyKeepsEverythingUpstream() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                C: RCPT TO:<u@a.test>
                C: DATA
                S: hello there
                !closed
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 451 4.3.0
                R: 451 4.3.0
                R: 451 4.3.0
                S: QUIT
                R: 221
                """)) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.LOCAL_FAILED);
            assertThat(r.recipientsDeferred()).isEqualTo(1);
        }
    }

    @Test
    void overlongAndUnknownCommandsGetPreciseReplies() throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n");
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<%s@x.test>
                R: 500 5.5.2 Line too long
                S: BDAT 10 LAST
                R: 502 5.5.1
                S: XYZZY
                R: 500 5.5.2
                S: NOOP
                R: 250
                S: QUIT
                R: 221
                """.formatted("a".repeat(3000)))) {
            PullResult r = Pull.odmr(odmr(up, local.address(), false)).run(new StopSignal());
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
        }
    }
}
