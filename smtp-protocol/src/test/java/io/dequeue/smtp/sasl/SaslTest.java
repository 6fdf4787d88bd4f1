package io.dequeue.smtp.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SaslTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- base64 ----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"dGVzdA==|test", "YWJj|abc", "YQ==|a", "''|''"})
    void base64Valid(String text, String plain) {
        assertThat(SaslBase64.decodeResponse(text)).isEqualTo(b(plain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dGVzdA", "dGVzdA=", "dG Vz", "dGVz\tdA==", "dGVzdA===", "dG=zdA==", "d-Vz", "=", "YQ==YQ=="})
    void base64Invalid(String text) {
        assertThatThrownBy(() -> SaslBase64.decodeResponse(text))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.AUTH_BAD_BASE64));
    }

    @Test
    void cancelAndEmptyInitialResponse() {
        assertThatThrownBy(() -> SaslBase64.decodeResponse("*"))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.AUTH_CANCELLED));
        assertThat(Replies.AUTH_CANCELLED.code()).isEqualTo(501);
        assertThat(SaslBase64.decodeInitialResponse("=")).isEmpty();
        assertThatThrownBy(() -> SaslBase64.decodeInitialResponse("*")).isInstanceOf(ReplyException.class);
    }

    // ---- PLAIN -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\0tim\\0tanstaaf|''|tim|tanstaaf",
        "admin\\0tim\\0secret pass|admin|tim|secret pass",
        "\\0j\u00f6rg\\0p\u00e4ss|''|j\u00f6rg|p\u00e4ss"})
    void plainDecodes(String message, String authzid, String user, String password) {
        Credentials c = Plain.decode(b(message.replace("\\0", "\0")));
        assertThat(c.authorizationId()).isEqualTo(authzid);
        assertThat(c.username()).isEqualTo(user);
        assertThat(c.password()).isEqualTo(b(password));
        assertThat(c.toString()).doesNotContain(password);
        assertThat(new String(c.passwordChars())).isEqualTo(password);
        c.clear();
        assertThat(c.password()).containsOnly(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tim\\0pass", "\\0\\0pass", "\\0tim\\0", "\\0tim\\0pa\\0ss", "nonuls"})
    void plainInvalid(String message) {
        assertThatThrownBy(() -> Plain.decode(b(message.replace("\\0", "\0"))))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.AUTH_BAD_RESPONSE));
    }

    @Test
    void plainRejectsBadUtf8UserName() {
        byte[] msg = {0, (byte) 0xc3, 0x28, 0, 'p'};
        assertThatThrownBy(() -> Plain.decode(msg)).isInstanceOf(ReplyException.class);
    }

    @Test
    void plainClientServerRoundTrip() {
        String ir = Plain.initialResponse("", "tim", b("tanstaaf"));
        assertThat(ir).isEqualTo(Base64.getEncoder().encodeToString(b("\0tim\0tanstaaf")));
        SaslServerMechanism m = SaslServerMechanism.create("plain", "gw.example");
        SaslStep step = m.start(SaslBase64.decodeInitialResponse(ir));
        AuthAttempt.Password p = (AuthAttempt.Password) ((SaslStep.Done) step).attempt();
        assertThat(p.username()).isEqualTo("tim");
        assertThat(p.mechanism()).isEqualTo("PLAIN");
    }

    @Test
    void plainWithoutInitialResponseSendsEmptyChallenge() {
        SaslServerMechanism m = SaslServerMechanism.create("PLAIN", "gw.example");
        SaslStep step = m.start(null);
        assertThat(((SaslStep.Challenge) step).data()).isEmpty();
        assertThat(m.respond(b("\0u\0p"))).isInstanceOf(SaslStep.Done.class);
        assertThatThrownBy(() -> m.respond(b("\0u\0p"))).isInstanceOf(IllegalStateException.class);
    }

    // ---- LOGIN -----------------------------------------------------------------------------

    @Test
    void loginTwoSteps() {
        SaslServerMechanism m = SaslServerMechanism.create("LOGIN", "gw.example");
        SaslStep s1 = m.start(null);
        assertThat(Replies.authChallenge(((SaslStep.Challenge) s1).data()).toString()).isEqualTo("334 VXNlcm5hbWU6");
        SaslStep s2 = m.respond(SaslBase64.decodeResponse(Login.usernameResponse("tim")));
        assertThat(Replies.authChallenge(((SaslStep.Challenge) s2).data()).toString()).isEqualTo("334 UGFzc3dvcmQ6");
        SaslStep s3 = m.respond(SaslBase64.decodeResponse(Login.passwordResponse(b("tanstaaf"))));
        AuthAttempt.Password p = (AuthAttempt.Password) ((SaslStep.Done) s3).attempt();
        assertThat(p.credentials().username()).isEqualTo("tim");
        assertThat(p.credentials().password()).isEqualTo(b("tanstaaf"));
    }

    @Test
    void loginWithInitialUserName() {
        SaslServerMechanism m = SaslServerMechanism.create("LOGIN", "gw.example");
        SaslStep s1 = m.start(b("tim"));
        assertThat(((SaslStep.Challenge) s1).data()).isEqualTo(Login.PASSWORD_CHALLENGE);
        assertThat(m.respond(b("pw"))).isInstanceOf(SaslStep.Done.class);
    }

    @Test
    void loginRejectsEmptyFields() {
        SaslServerMechanism m = SaslServerMechanism.create("LOGIN", "gw.example");
        m.start(null);
        assertThatThrownBy(() -> m.respond(new byte[0])).isInstanceOf(ReplyException.class);
    }

    // ---- CRAM-MD5 --------------------------------------------------------------------------

    /** RFC 2195 section 2 example. */
    private static final byte[] RFC_CHALLENGE = b("<1896.697170952@postoffice.reston.mci.net>");
    private static final byte[] RFC_PASSWORD = b("tanstaaftanstaaf");
    private static final String RFC_DIGEST = "b913a602c7eda7a495b4e6e7334d3890";

    @Test
    void rfc2195Example() {
        assertThat(CramMd5.hexDigest(RFC_PASSWORD, RFC_CHALLENGE)).isEqualTo(RFC_DIGEST);
        assertThat(CramMd5.verify(RFC_PASSWORD, RFC_CHALLENGE, RFC_DIGEST.toUpperCase())).isTrue();
        assertThat(CramMd5.verify(b("wrong"), RFC_CHALLENGE, RFC_DIGEST)).isFalse();
        String response = CramMd5.clientResponse("tim", RFC_PASSWORD, RFC_CHALLENGE);
        assertThat(response).isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
        CramMd5.Response r = CramMd5.parseResponse(SaslBase64.decodeResponse(response));
        assertThat(r).isEqualTo(new CramMd5.Response("tim", RFC_DIGEST));
        assertThat(r.toString()).doesNotContain(RFC_DIGEST);
    }

    @Test
    void hexDigestAgreesWithJdkHmacForManyKeysAndMessages() throws Exception {
        Random rnd = new Random(7);
        for (int n = 0; n < 300; n++) {
            byte[] key = new byte[1 + rnd.nextInt(150)];
            byte[] msg = new byte[rnd.nextInt(200)];
            rnd.nextBytes(key);
            rnd.nextBytes(msg);
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            assertThat(CramMd5.hexDigest(key, msg)).isEqualTo(HexFormat.of().formatHex(mac.doFinal(msg)));
        }
    }

    @Test
    void challengesAreUniqueAndWellFormed() {
        Pattern shape = Pattern.compile("<\\d+\\.\\d+@gw\\.example>");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String c = new String(CramMd5.newChallenge("gw.example"), StandardCharsets.US_ASCII);
            assertThat(c).matches(shape);
            assertThat(seen.add(c)).isTrue();
        }
        assertThat(new String(CramMd5.newChallenge("bad host>"), StandardCharsets.US_ASCII)).endsWith("@bad_host_>");
    }

    @Test
    void cramServerIsSingleUseAndRefusesInitialResponse() {
        SaslServerMechanism m = SaslServerMechanism.create("CRAM-MD5", "gw.example");
        byte[] challenge = ((SaslStep.Challenge) m.start(null)).data();
        String resp = CramMd5.clientResponse("tim", RFC_PASSWORD, challenge);
        SaslStep done = m.respond(SaslBase64.decodeResponse(resp));
        AuthAttempt.CramMd5Digest d = (AuthAttempt.CramMd5Digest) ((SaslStep.Done) done).attempt();
        assertThat(d.username()).isEqualTo("tim");
        assertThat(d.challenge()).isEqualTo(challenge);
        assertThat(d.matchesPassword(RFC_PASSWORD)).isTrue();
        assertThat(d.matchesPassword(b("other"))).isFalse();
        assertThatThrownBy(() -> m.respond(SaslBase64.decodeResponse(resp))).isInstanceOf(IllegalStateException.class);

        SaslServerMechanism m2 = SaslServerMechanism.create("CRAM-MD5", "gw.example");
        assertThatThrownBy(() -> m2.start(b("x"))).isInstanceOf(ReplyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tim", "tim b913a602c7eda7a495b4e6e7334d389", "tim b913a602c7eda7a495b4e6e7334d3890a",
        " b913a602c7eda7a495b4e6e7334d3890", "tim g913a602c7eda7a495b4e6e7334d3890"})
    void cramResponseInvalid(String response) {
        assertThatThrownBy(() -> CramMd5.parseResponse(b(response)))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.AUTH_BAD_RESPONSE));
    }

    @Test
    void cramUserNameMayContainSpaces() {
        assertThat(CramMd5.parseResponse(b("john doe@example.net " + RFC_DIGEST)).username()).isEqualTo("john doe@example.net");
    }

    @Test
    void mechanismsAndReplies() {
        assertThat(SaslServerMechanism.SUPPORTED).containsExactly("CRAM-MD5", "PLAIN", "LOGIN");
        assertThat(SaslServerMechanism.create("GSSAPI", "x")).isNull();
        Reply r = Replies.authChallenge(RFC_CHALLENGE);
        assertThat(r.toString()).isEqualTo("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
        assertThat(CramMd5.constantTimeEquals(b("a"), b("a"))).isTrue();
        assertThat(CramMd5.constantTimeEquals(b("a"), b("b"))).isFalse();
    }
}
