package io.dequeue.fetch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.dequeue.fetch.OdmrScripts.LOCAL_EHLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** STARTTLS and implicit TLS with certificates made by keytool at test time; CA file, pin, PLAIN refused in clear. */
class TlsPullTest {

    @TempDir
    static Path dir;

    static TestTls tls;

    private static final String STARTTLS = """
            S: 220 odmr.test ODMR
            C: EHLO client.test
            S: 250-odmr.test
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            !starttls
            C: EHLO client.test
            S: 250-odmr.test
            S: 250 AUTH PLAIN LOGIN CRAM-MD5
            """;

    private static final String AFTER_AUTH = """
            C: ATRN a.test
            S: 453 4.7.0 You have no mail
            C: QUIT
            S: 221 bye
            """;

    @BeforeAll
    static void certificates() throws Exception {
        tls = TestTls.create(dir);
    }

    private static UpstreamOptions options(ScriptedServer s, UpstreamTls mode, Path ca, String pin, AuthMechanism auth) {
        return new UpstreamOptions(s.address(), mode, ca, pin, "alice", "s3cret-Pass".getBytes(StandardCharsets.UTF_8), auth,
                "client.test", Duration.ofSeconds(5));
    }

    private static PullResult pull(ScriptedServer up, UpstreamOptions o) throws Exception {
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n")) {
            return Pull.odmr(new OdmrOptions(o, List.of("a.test"), local.address(), false)).run(new StopSignal());
        }
    }

    @Test
    void startTlsVerifiedWithTheCaFileThenPlain() throws Exception {
        String plain = java.util.Base64.getEncoder().encodeToString("\0alice\0s3cret-Pass".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer up = ScriptedServer.startTls(STARTTLS + "C: AUTH PLAIN " + plain + "\nS: 235 2.7.0 ok\n" + AFTER_AUTH,
                tls.serverContext, false)) {
            PullResult r = pull(up, options(up, UpstreamTls.STARTTLS, tls.caPem, null, AuthMechanism.PLAIN));
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
        }
    }

    @Test
    void implicitTlsWithLogin() throws Exception {
        String user = java.util.Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
        String pass = java.util.Base64.getEncoder().encodeToString("s3cret-Pass".getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer up = ScriptedServer.startTls("""
                S: 220 odmr.test ODMR
                C: EHLO client.test
                S: 250-odmr.test
                S: 250 AUTH LOGIN
                C: AUTH LOGIN
                S: 334 VXNlcm5hbWU6
                C: %s
                S: 334 UGFzc3dvcmQ6
                C: %s
                S: 235 2.7.0 ok
                """.formatted(user, pass) + AFTER_AUTH, tls.serverContext, true)) {
            PullResult r = pull(up, options(up, UpstreamTls.IMPLICIT, tls.caPem, null, AuthMechanism.LOGIN));
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
        }
    }

    @Test
    void certificateFromAnotherCaIsAConnectionFailure() throws Exception {
        try (ScriptedServer up = ScriptedServer.startTls(STARTTLS, tls.serverContext, false)) {
            PullResult r = pull(up, options(up, UpstreamTls.STARTTLS, tls.otherCaPem, null, AuthMechanism.CRAM_MD5));
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.CONNECTION);
            assertThat(r.upstreamReply()).contains("TLS");
        }
    }

    @Test
    void defaultTrustStoreRejectsTheTestCertificate() throws Exception {
        try (ScriptedServer up = ScriptedServer.startTls("", tls.serverContext, true)) {
            PullResult r = pull(up, options(up, UpstreamTls.IMPLICIT, null, null, AuthMechanism.CRAM_MD5));
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.CONNECTION);
        }
    }

    @Test
    void pinnedCertificateIsAcceptedWithoutItsCa() throws Exception {
        try (ScriptedServer up = ScriptedServer.startTls(STARTTLS + "C: AUTH CRAM-MD5\n!cram alice s3cret-Pass\n" + AFTER_AUTH,
                tls.serverContext, false)) {
            PullResult r = pull(up, options(up, UpstreamTls.STARTTLS, null, tls.serverSha256, AuthMechanism.CRAM_MD5));
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
        }
    }

    @Test
    void pinMismatchIsAConnectionFailure() throws Exception {
        String wrong = "00".repeat(32);
        try (ScriptedServer up = ScriptedServer.startTls(STARTTLS, tls.serverContext, false)) {
            PullResult r = pull(up, options(up, UpstreamTls.STARTTLS, tls.caPem, wrong, AuthMechanism.CRAM_MD5));
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.CONNECTION);
        }
    }

    @Test
    void serverWithoutStartTlsIsAConnectionFailureBeforeAuth() throws Exception {
        try (ScriptedServer up = ScriptedServer.start("""
                S: 220 odmr.test ODMR
                C: EHLO client.test
                S: 250-odmr.test
                S: 250 AUTH PLAIN CRAM-MD5
                !closed
                """)) {
            PullResult r = pull(up, options(up, UpstreamTls.STARTTLS, tls.caPem, null, AuthMechanism.PLAIN));
            up.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.CONNECTION);
        }
    }

    @Test
    void plainAndLoginAreRefusedWithoutTls() throws Exception {
        HostPort nowhere = new HostPort("127.0.0.1", 9);
        for (AuthMechanism m : List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN)) {
            UpstreamOptions o = new UpstreamOptions(nowhere, UpstreamTls.NONE, null, null, "alice",
                    "x".getBytes(StandardCharsets.UTF_8), m, "client.test", Duration.ofSeconds(5));
            assertThatThrownBy(() -> Pull.odmr(new OdmrOptions(o, List.of(), nowhere, false)))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.exitStatus()).isEqualTo(ExitStatus.USAGE));
        }
    }
}
