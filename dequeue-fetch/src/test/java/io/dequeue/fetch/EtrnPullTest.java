package io.dequeue.fetch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ETRN against a scripted server: every reply reported, the worst one decides the exit status. */
class EtrnPullTest {

    private static UpstreamOptions options(ScriptedServer s, String user) {
        return new UpstreamOptions(s.address(), UpstreamTls.NONE, null, null, user,
                user == null ? null : "s3cret-Pass".getBytes(StandardCharsets.UTF_8), AuthMechanism.CRAM_MD5, "client.test",
                Duration.ofSeconds(5));
    }

    @Test
    void everyDomainGetsItsEtrnAndAllAcceptedIsZero() throws Exception {
        try (ScriptedServer s = ScriptedServer.start("""
                S: 220 mx.test ESMTP
                C: EHLO client.test
                S: 250-mx.test
                S: 250 ETRN
                C: ETRN a.test
                S: 250 OK, queuing for node a.test started
                C: ETRN b.test
                S: 251 OK, no messages waiting for node b.test
                C: ETRN c.test
                S: 253 OK, 3 pending messages for node c.test started
                C: QUIT
                S: 221 bye
                """)) {
            PullResult r = Pull.etrn(new EtrnOptions(options(s, null), List.of("a.test", "b.test", "c.test"), false))
                    .run(new StopSignal());
            s.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.upstreamReply()).contains("a.test: 250", "b.test: 251", "c.test: 253");
        }
    }

    @Test
    void atFormWithAuthAndTheWorstReplyWins() throws Exception {
        try (ScriptedServer s = ScriptedServer.start("""
                S: 220 mx.test ESMTP
                C: EHLO client.test
                S: 250-mx.test
                S: 250 AUTH CRAM-MD5
                C: AUTH CRAM-MD5
                !cram alice s3cret-Pass
                C: ETRN @a.test
                S: 458 Unable to queue messages for node a.test
                C: ETRN @b.test
                S: 459 Node b.test not allowed: unknown
                C: ETRN @c.test
                S: 250 OK
                C: QUIT
                S: 221 bye
                """)) {
            PullResult r = Pull.etrn(new EtrnOptions(options(s, "alice"), List.of("a.test", "b.test", "c.test"), true))
                    .run(new StopSignal());
            s.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.UPSTREAM_PERMANENT);
            assertThat(r.upstreamReply()).contains("@a.test: 458", "@b.test: 459");
        }
    }

    @Test
    void a458AloneIsTemporary() throws Exception {
        try (ScriptedServer s = ScriptedServer.start("""
                S: 220 mx.test ESMTP
                C: EHLO client.test
                S: 250 mx.test
                C: ETRN a.test
                S: 458 Unable to queue messages for node a.test
                C: QUIT
                S: 221 bye
                """)) {
            PullResult r = Pull.etrn(new EtrnOptions(options(s, null), List.of("a.test"), false)).run(new StopSignal());
            s.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.UPSTREAM_TEMPORARY);
        }
    }

    @Test
    void greetingRefusedIsPermanent() throws Exception {
        try (ScriptedServer s = ScriptedServer.start("S: 554 5.3.2 no service here\n")) {
            PullResult r = Pull.etrn(new EtrnOptions(options(s, null), List.of("a.test"), false)).run(new StopSignal());
            s.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.UPSTREAM_PERMANENT);
        }
    }
}
