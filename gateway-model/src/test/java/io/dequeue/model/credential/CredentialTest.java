package io.dequeue.model.credential;

import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialTest {

    /** Few iterations: the tests check behaviour, not the cost of an attack. */
    private static final int FAST = 1_000;

    // ------------------------------------------------------------------ CRAM-MD5 pad states

    static Stream<Arguments> passwordAndChallengeLengths() {
        int[] passwords = {0, 1, 64, 65, 200};
        int[] challenges = {0, 1, 41, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000};
        return IntStream.of(passwords).boxed()
                .flatMap(p -> IntStream.of(challenges).mapToObj(c -> Arguments.of(p, c)));
    }

    @ParameterizedTest(name = "password {0} bytes, challenge {1} bytes")
    @MethodSource("passwordAndChallengeLengths")
    void hmacEqualsJavaxCryptoHmacMd5(int passwordLength, int challengeLength) throws GeneralSecurityException {
        Random random = new Random(31L * passwordLength + challengeLength);
        byte[] password = new byte[passwordLength];
        byte[] challenge = new byte[challengeLength];
        random.nextBytes(password);
        random.nextBytes(challenge);

        byte[] expected = hmacMd5(password, challenge);
        CramMd5PadStates pads = CramMd5PadStates.fromPassword(password);

        assertThat(pads.hmac(challenge)).isEqualTo(expected);
        String hex = HexFormat.of().formatHex(expected);
        assertThat(pads.verify(challenge, hex)).isTrue();
        assertThat(pads.verify(challenge, hex.toUpperCase(Locale.ROOT))).isTrue();
        // and after a trip through the stored form
        assertThat(CramMd5PadStates.parse(pads.toHex()).hmac(challenge)).isEqualTo(expected);
    }

    /** HMAC-MD5 by the JDK; SecretKeySpec refuses an empty key, so the key is handed over as is. */
    private static byte[] hmacMd5(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKey() {
            @Override
            public String getAlgorithm() {
                return "HmacMD5";
            }

            @Override
            public String getFormat() {
                return "RAW";
            }

            @Override
            public byte[] getEncoded() {
                return key.clone();
            }
        });
        return mac.doFinal(data);
    }

    /** RFC 2195, section 2: the example exchange. */
    @Test
    void rfc2195Example() {
        String challenge = "<1896.697170952@postoffice.reston.mci.net>";
        assertThat(Base64.getEncoder().encodeToString(challenge.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");

        CramMd5PadStates pads = CramMd5PadStates.fromPassword("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII));
        byte[] c = challenge.getBytes(StandardCharsets.US_ASCII);
        String digest = HexFormat.of().formatHex(pads.hmac(c));

        assertThat(digest).isEqualTo("b913a602c7eda7a495b4e6e7334d3890");
        assertThat(pads.verify(c, "b913a602c7eda7a495b4e6e7334d3890")).isTrue();
        assertThat(Base64.getEncoder().encodeToString(("tim " + digest).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");

        StoredSecret secret = StoredSecret.fromPassword("tanstaaftanstaaf".toCharArray(), true, FAST);
        assertThat(secret.verifyCramMd5(c, "B913A602C7EDA7A495B4E6E7334D3890")).isTrue();
    }

    @Test
    void verifyRejectsAWrongDigest() {
        CramMd5PadStates pads = CramMd5PadStates.fromPassword("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII));
        byte[] c = "<1896.697170952@postoffice.reston.mci.net>".getBytes(StandardCharsets.US_ASCII);
        assertThat(pads.verify(c, "b913a602c7eda7a495b4e6e7334d3891")).as("last digit").isFalse();
        assertThat(pads.verify(c, "b913a602c7eda7a495b4e6e7334d389")).as("too short").isFalse();
        assertThat(pads.verify(c, "b913a602c7eda7a495b4e6e7334d38900")).as("too long").isFalse();
        assertThat(pads.verify(c, " b913a602c7eda7a495b4e6e7334d3890")).as("padded").isFalse();
        assertThat(pads.verify(c, "")).isFalse();
        assertThat(pads.verify(c, null)).isFalse();
        assertThat(pads.verify("<other@challenge>".getBytes(StandardCharsets.US_ASCII),
                "b913a602c7eda7a495b4e6e7334d3890")).as("another challenge").isFalse();
        CramMd5PadStates other = CramMd5PadStates.fromPassword("tanstaaftanstaaF".getBytes(StandardCharsets.US_ASCII));
        assertThat(other.verify(c, "b913a602c7eda7a495b4e6e7334d3890")).as("another password").isFalse();
    }

    @Test
    void padStatesRoundTripThroughHex() {
        CramMd5PadStates pads = CramMd5PadStates.fromPassword("example-password".getBytes(StandardCharsets.UTF_8));
        String hex = pads.toHex();
        assertThat(hex).hasSize(64).matches("[0-9a-f]{64}");
        CramMd5PadStates back = CramMd5PadStates.parse(hex);
        assertThat(back).isEqualTo(pads).hasSameHashCodeAs(pads);
        assertThat(back.toHex()).isEqualTo(hex);
        assertThat(CramMd5PadStates.parse(hex.toUpperCase(Locale.ROOT))).isEqualTo(pads);
        assertThat(Json.writeString(pads)).isEqualTo("\"" + hex + "\"");
        assertThat(Json.read("\"" + hex + "\"", CramMd5PadStates.class)).isEqualTo(pads);
        assertThat(CramMd5PadStates.fromPassword("other".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(pads);
    }

    /** HMAC pads a short key with zeros: the empty password and zero-byte passwords of up to 64 bytes are one key. */
    @Test
    void zeroPaddingOfShortKeys() {
        CramMd5PadStates empty = CramMd5PadStates.fromPassword(new byte[0]);
        assertThat(empty).isEqualTo(CramMd5PadStates.fromPassword(new byte[64]));
        assertThat(empty).isEqualTo(CramMd5PadStates.fromPassword(new byte[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeef",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0",
            "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"})
    void malformedPadStatesAreRejected(String hex) {
        assertThatThrownBy(() -> CramMd5PadStates.parse(hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullPadStatesAreRejected() {
        assertThatThrownBy(() -> CramMd5PadStates.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ PBKDF2

    @Test
    void pbkdf2VerifiesTheRightPasswordOnly() {
        Pbkdf2Hash h = Pbkdf2Hash.of("correct horse".toCharArray(), FAST);
        assertThat(h.verify("correct horse".toCharArray())).isTrue();
        assertThat(h.verify("correct horse ".toCharArray())).isFalse();
        assertThat(h.verify("Correct horse".toCharArray())).isFalse();
        assertThat(h.verify(new char[0])).isFalse();
    }

    @Test
    void pbkdf2EncodedFormRoundTrips() {
        Pbkdf2Hash h = Pbkdf2Hash.of("pässwörd".toCharArray(), FAST);
        String encoded = h.encoded();
        assertThat(encoded).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=");
        Pbkdf2Hash back = Pbkdf2Hash.parse(encoded);
        assertThat(back.encoded()).isEqualTo(encoded);
        assertThat(back.verify("pässwörd".toCharArray())).isTrue();
        assertThat(back.verify("passwort".toCharArray())).isFalse();
        assertThat(Json.writeString(h)).isEqualTo("\"" + encoded + "\"");
        assertThat(Json.read("\"" + encoded + "\"", Pbkdf2Hash.class).encoded()).isEqualTo(encoded);
    }

    @Test
    void pbkdf2SaltsEveryHash() {
        Pbkdf2Hash a = Pbkdf2Hash.of("same".toCharArray(), FAST);
        Pbkdf2Hash b = Pbkdf2Hash.of("same".toCharArray(), FAST);
        assertThat(a.encoded()).isNotEqualTo(b.encoded());
        assertThat(a.verify("same".toCharArray())).isTrue();
        assertThat(b.verify("same".toCharArray())).isTrue();
    }

    @Test
    void pbkdf2KnownValue() {
        // computed once with javax.crypto PBKDF2WithHmacSHA256, salt "dequeue-example!", 120000 iterations
        Pbkdf2Hash h = Pbkdf2Hash.parse(
                "pbkdf2-sha256$120000$ZGVxdWV1ZS1leGFtcGxlIQ==$KVwiGUAIowigLOci+RoxBu933/yCh+ETATrrZxPCh9I=");
        assertThat(h.verify("example-password".toCharArray())).isTrue();
        assertThat(h.verify("example-passwort".toCharArray())).isFalse();
    }

    @Test
    void defaultIterationsAreUsedWithoutACount() {
        // OWASP's recommendation for PBKDF2-HMAC-SHA256
        assertThat(Pbkdf2Hash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
        StoredSecret s = StoredSecret.fromPassword("x".toCharArray(), false);
        assertThat(s.pbkdf2().encoded()).startsWith("pbkdf2-sha256$" + Pbkdf2Hash.DEFAULT_ITERATIONS + "$");
        assertThat(s.pbkdf2().iterations()).isEqualTo(Pbkdf2Hash.DEFAULT_ITERATIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pbkdf2-sha256", "pbkdf2-sha1$120000$c2FsdA==$aGFzaA==",
            "pbkdf2-sha256$999$c2FsdA==$aGFzaA==", "pbkdf2-sha256$10000001$c2FsdA==$aGFzaA==",
            "pbkdf2-sha256$many$c2FsdA==$aGFzaA==", "pbkdf2-sha256$120000$c2FsdA==",
            "pbkdf2-sha256$120000$c2FsdA==$aGFzaA==$extra", "pbkdf2-sha256$120000$not base64!$aGFzaA=="})
    void malformedHashesAreRejected(String text) {
        assertThatThrownBy(() -> Pbkdf2Hash.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullHashIsRejected() {
        assertThatThrownBy(() -> Pbkdf2Hash.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ stored secret

    @Test
    void storedSecretWithAndWithoutCramMd5() {
        StoredSecret with = StoredSecret.fromPassword("s3cret".toCharArray(), true, FAST);
        byte[] challenge = "<42.1@gateway.example>".getBytes(StandardCharsets.US_ASCII);
        String digest = HexFormat.of().formatHex(
                CramMd5PadStates.fromPassword("s3cret".getBytes(StandardCharsets.UTF_8)).hmac(challenge));

        assertThat(with.verifyPassword("s3cret".toCharArray())).isTrue();
        assertThat(with.verifyPassword("s3cret!".toCharArray())).isFalse();
        assertThat(with.cramMd5()).isNotNull();
        assertThat(with.verifyCramMd5(challenge, digest)).isTrue();
        assertThat(with.verifyCramMd5(challenge, "00000000000000000000000000000000")).isFalse();

        StoredSecret without = StoredSecret.fromPassword("s3cret".toCharArray(), false, FAST);
        assertThat(without.cramMd5()).isNull();
        assertThat(without.verifyPassword("s3cret".toCharArray())).isTrue();
        assertThat(without.verifyCramMd5(challenge, digest)).as("CRAM-MD5 off").isFalse();
        assertThat(Json.writeString(without)).doesNotContain("cramMd5");

        assertThatThrownBy(() -> new StoredSecret(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void cramMd5UsesTheUtf8BytesOfThePassword() {
        StoredSecret s = StoredSecret.fromPassword("grüße".toCharArray(), true, FAST);
        assertThat(s.cramMd5()).isEqualTo(CramMd5PadStates.fromPassword("grüße".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void storedSecretJsonRoundTrip() {
        StoredSecret s = StoredSecret.fromPassword("s3cret".toCharArray(), true, FAST);
        String json = Json.writeString(s);
        assertThat(json).startsWith("{\"pbkdf2\":\"pbkdf2-sha256$1000$").contains("\"cramMd5\":\"" + s.cramMd5().toHex() + "\"");
        StoredSecret back = Json.read(json, StoredSecret.class);
        assertThat(back.pbkdf2().encoded()).isEqualTo(s.pbkdf2().encoded());
        assertThat(back.cramMd5()).isEqualTo(s.cramMd5());
        assertThat(back.verifyPassword("s3cret".toCharArray())).isTrue();
    }

    @Test
    void toStringNeverShowsASecret() {
        String password = "Sup3r-S3cret-Passw0rd";
        StoredSecret s = StoredSecret.fromPassword(password.toCharArray(), true, FAST);
        String pads = s.cramMd5().toHex();
        String hash = s.pbkdf2().encoded();
        GatewayRecord record = new GatewayRecord(GatewaySettings.defaults(DomainName.parse("example.net")), s, 1, null,
                Instant.EPOCH);

        for (Object o : new Object[] {s, s.pbkdf2(), s.cramMd5(), record}) {
            assertThat(o.toString()).as(o.getClass().getSimpleName())
                    .doesNotContain(password)
                    .doesNotContain(pads)
                    .doesNotContain(pads.substring(0, 16))
                    .doesNotContain(hash)
                    .doesNotContain(hash.split("\\$")[2])
                    .doesNotContain(hash.split("\\$")[3]);
        }
        assertThat(s.toString()).isEqualTo("StoredSecret[redacted]");
        assertThat(s.pbkdf2().toString()).isEqualTo("Pbkdf2Hash[redacted]");
        assertThat(s.cramMd5().toString()).isEqualTo("CramMd5PadStates[redacted]");
    }
}
