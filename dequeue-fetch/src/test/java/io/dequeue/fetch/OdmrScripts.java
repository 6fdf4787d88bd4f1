package io.dequeue.fetch;

import java.time.Duration;

/** Script pieces and options shared by the ODMR tests. */
final class OdmrScripts {

    static final String USER = "alice";
    static final String PASSWORD = "s3cret-Pass";

    /** Greeting (multi-line), EHLO (multi-line), CRAM-MD5, up to the ATRN command. */
    static final String LOGIN = """
            S: 220-odmr.test ODMR service
            S: 220 ready
            C: EHLO client.test
            S: 250-odmr.test
            S: 250-AUTH CRAM-MD5 PLAIN LOGIN
            S: 250-ATRN
            S: 250 8BITMIME
            C: AUTH CRAM-MD5
            !cram alice s3cret-Pass
            """;

    /** The turn: ATRN 250, our greeting, EHLO from the upstream, our EHLO reply. */
    static final String TURN = """
            S: 250 OK now reversing the connection
            R: 220
            S: EHLO odmr.test
            R: 250
            """;

    /** A local SMTP server greeting and EHLO with PIPELINING. */
    static final String LOCAL_EHLO = """
            S: 220 local.test ESMTP
            C: EHLO client.test
            S: 250-local.test
            S: 250-PIPELINING
            S: 250-SIZE 1000000
            S: 250 8BITMIME
            """;

    private OdmrScripts() {
    }

    static UpstreamOptions upstream(ScriptedServer s, UpstreamTls tls, AuthMechanism auth) {
        return new UpstreamOptions(s.address(), tls, null, null, USER, PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                auth, "client.test", Duration.ofSeconds(5));
    }

    static OdmrOptions odmr(ScriptedServer upstream, HostPort local, boolean lmtp, String... domains) {
        return new OdmrOptions(upstream(upstream, UpstreamTls.NONE, AuthMechanism.CRAM_MD5), java.util.List.of(domains), local, lmtp);
    }
}
