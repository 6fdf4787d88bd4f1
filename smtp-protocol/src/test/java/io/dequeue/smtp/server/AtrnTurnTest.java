package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.sasl.SaslBase64;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The turn of ATRN: nothing the client sends before the 250 may reach the reversed session. */
class AtrnTurnTest {

    private static final String EHLO = "EHLO customer.example\r\n";
    private static final String PLAIN_TIM = "AUTH PLAIN " + SaslBase64.encode("\0tim\0tanstaaf".getBytes()) + "\r\n";

    private static Harness authenticated(boolean asyncAtrn) {
        TestPolicy policy = new TestPolicy();
        policy.asyncAtrn = asyncAtrn;
        Harness h = new Harness(ServerConfig.odmr().withHostname("gw.example").withInsecureAuth(true), policy);
        h.replies();
        assertThat(Harness.codes(h.send(EHLO + PLAIN_TIM))).containsExactly("250", "235 2.7.0");
        return h;
    }

    /** ATRN, then (a later segment, while the grant is awaited) a forged greeting: refused at once. */
    @ParameterizedTest(name = "talks past with \"{0}\"")
    @ValueSource(strings = {"220 injected\r\n", "2", "\r\n", "EHLO x\r\n"})
    void bytesWhileTheGrantIsAwaitedAreRefusedAndTheGrantGivenBack(String talk) {
        Harness h = authenticated(true);
        assertThat(h.send("ATRN example.net\r\n")).isEmpty();
        assertThat(h.policy.pendingAtrn).hasSize(1);

        h.transport.clientSend(talk);
        assertThat(h.replies()).containsExactly(Replies.ATRN_REFUSED);
        assertThat(h.transport.isClosed()).isTrue();

        // the grant comes after the refusal: it is given back, the socket is never handed over
        h.policy.pendingAtrn.poll().complete(Replies.ATRN_OK);
        assertThat(h.policy.atrnAbandoned).isEqualTo(1);
        assertThat(h.policy.reversedTransport).isNull();
        assertThat(h.replies()).isEmpty();
        assertThat(h.session.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aRefusedAtrnAfterTheClientTalkedPastItNeedsNoGiveBack() {
        Harness h = authenticated(true);
        h.send("ATRN example.net\r\n");
        h.transport.clientSend("220 injected\r\n");
        assertThat(h.replies()).containsExactly(Replies.ATRN_REFUSED);
        h.policy.pendingAtrn.poll().complete(Replies.ATRN_NO_MAIL);
        assertThat(h.policy.atrnAbandoned).isZero();
        assertThat(h.replies()).isEmpty();
    }

    @Test
    void bytesInTheSameSegmentAsAtrnAreRefusedBeforeAsking() {
        Harness h = authenticated(true);
        assertThat(h.send("ATRN example.net\r\n220 injected\r\n")).containsExactly(Replies.ATRN_REFUSED);
        assertThat(h.policy.pendingAtrn).isEmpty();
        assertThat(h.transport.isClosed()).isTrue();
        assertThat(h.policy.reversedTransport).isNull();
    }

    @Test
    void aSilentClientGetsTheTurnAndItsGreetingGoesToTheReversedSession() {
        Harness h = authenticated(true);
        assertThat(h.send("ATRN example.net\r\n")).isEmpty();
        assertThat(h.transport.isPaused()).as("reading goes on while the grant is awaited").isFalse();
        h.policy.pendingAtrn.poll().complete(Replies.ATRN_OK);
        assertThat(h.replies()).containsExactly(Replies.ATRN_OK);
        assertThat(h.policy.reversedTransport).isSameAs(h.transport);
        assertThat(h.transport.isPaused()).isTrue();
        Buffer got = Buffer.buffer();
        h.transport.clientSend("220 customer.example ESMTP\r\n");
        h.transport.setHandlers(got::appendBuffer, null);
        h.transport.resume();
        assertThat(got.toString()).isEqualTo("220 customer.example ESMTP\r\n");
        assertThat(h.policy.atrnAbandoned).isZero();
    }

    @Test
    void aClientThatHangsUpWhileTheGrantIsAwaitedGetsItGivenBack() {
        Harness h = authenticated(true);
        h.send("ATRN example.net\r\n");
        h.transport.clientClose();
        h.policy.pendingAtrn.poll().complete(Replies.ATRN_OK);
        assertThat(h.policy.atrnAbandoned).isEqualTo(1);
        assertThat(h.policy.reversedTransport).isNull();
    }
}
