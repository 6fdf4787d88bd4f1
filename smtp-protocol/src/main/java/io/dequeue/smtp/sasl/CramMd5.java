package io.dequeue.smtp.sasl;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CRAM-MD5 (RFC 2195): the server sends a unique challenge {@code <random.timestamp@hostname>},
 * the client answers {@code user SP hex(HMAC-MD5(password, challenge))}.
 */
public final class CramMd5 {

    public static final String NAME = "CRAM-MD5";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int MAX_USERNAME = 255;

    /** A parsed client response; the digest is 32 lower-case hex digits. */
    public record Response(String username, String hexDigest) {
        @Override
        public String toString() {
            return "Response[username=" + username + ", digest=***]";
        }
    }

    private CramMd5() {
    }

    /**
     * A fresh challenge {@code <random.timestamp@hostname>}: 64 random bits plus a process-wide
     * counter make it unique; the caller uses it once.
     */
    public static byte[] newChallenge(String hostname) {
        String host = hostname == null || hostname.isBlank() ? "localhost" : hostname;
        StringBuilder sb = new StringBuilder(64);
        sb.append('<').append(Long.toUnsignedString(RANDOM.nextLong())).append(COUNTER.incrementAndGet())
                .append('.').append(System.currentTimeMillis()).append('@');
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            sb.append(c > 32 && c < 127 && c != '>' ? c : '_');
        }
        return sb.append('>').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses {@code user SP digest}: the user name is everything before the last space (UTF-8,
     * not empty), the digest 32 hex digits.
     *
     * @throws ReplyException {@code 501 5.5.2} otherwise
     */
    public static Response parseResponse(byte[] response) {
        int sp = -1;
        for (int i = response.length - 1; i >= 0; i--) {
            if (response[i] == ' ') {
                sp = i;
                break;
            }
        }
        if (sp < 1 || sp > MAX_USERNAME || response.length - sp - 1 != 32) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
        for (int i = sp + 1; i < response.length; i++) {
            if (Character.digit(response[i], 16) < 0) {
                throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
            }
        }
        try {
            String user = Utf8.decode(response, 0, sp);
            String digest = new String(response, sp + 1, 32, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            return new Response(user, digest);
        } catch (CharacterCodingException e) {
            throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
        }
    }

    /** Lower-case hex HMAC-MD5 of the challenge keyed with the password. */
    public static String hexDigest(byte[] password, byte[] challenge) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            // an empty key is legal for HMAC but not for SecretKeySpec: use the pad-state path
            if (password.length == 0) {
                return HexFormat.of().formatHex(hmacMd5(password, challenge));
            }
            mac.init(new SecretKeySpec(password, "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(challenge));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }

    /** HMAC-MD5 by its definition (RFC 2104), for keys {@code SecretKeySpec} refuses (the empty key). */
    private static byte[] hmacMd5(byte[] key, byte[] message) throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] k = key.length > 64 ? md5.digest(key) : key;
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        md5.update(ipad);
        byte[] inner = md5.digest(message);
        md5.update(opad);
        return md5.digest(inner);
    }

    /** Constant-time check of a digest against the clear password. */
    public static boolean verify(byte[] password, byte[] challenge, String hexDigest) {
        return constantTimeEquals(hexDigest(password, challenge).getBytes(StandardCharsets.US_ASCII),
                hexDigest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link MessageDigest#isEqual}: time independent of where the arrays differ. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Client side: the base64 response to a (base64-decoded) challenge. */
    public static String clientResponse(String username, byte[] password, byte[] challenge) {
        String text = username + " " + hexDigest(password, challenge);
        return SaslBase64.encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
