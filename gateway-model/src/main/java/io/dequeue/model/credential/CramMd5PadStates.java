package io.dequeue.model.credential;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A CRAM-MD5 capable secret without the clear password: the MD5 chaining states after the HMAC
 * inner ({@code key XOR ipad}) and outer ({@code key XOR opad}) blocks. From these the server
 * computes HMAC-MD5(password, challenge) for any challenge; the password itself cannot be read back.
 *
 * <p>Serialised as 64 hex digits (inner state then outer state). Treat it as a secret.
 */
public final class CramMd5PadStates {
    private final int[] inner;
    private final int[] outer;

    private CramMd5PadStates(int[] inner, int[] outer) {
        this.inner = inner;
        this.outer = outer;
    }

    /** Derives the pad states from the password bytes. */
    public static CramMd5PadStates fromPassword(byte[] password) {
        byte[] key = password;
        if (key.length > 64) {
            try {
                key = MessageDigest.getInstance("MD5").digest(key);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        int[] in = Md5.INITIAL.clone();
        int[] out = Md5.INITIAL.clone();
        Md5.compress(in, ipad, 0);
        Md5.compress(out, opad, 0);
        java.util.Arrays.fill(ipad, (byte) 0);
        java.util.Arrays.fill(opad, (byte) 0);
        return new CramMd5PadStates(in, out);
    }

    @JsonCreator
    public static CramMd5PadStates parse(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("CRAM-MD5 pad states must be 64 hex digits");
        }
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        int[] in = new int[4];
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            in[i] = b.getInt();
        }
        for (int i = 0; i < 4; i++) {
            out[i] = b.getInt();
        }
        return new CramMd5PadStates(in, out);
    }

    @JsonValue
    public String toHex() {
        ByteBuffer b = ByteBuffer.allocate(32);
        for (int v : inner) {
            b.putInt(v);
        }
        for (int v : outer) {
            b.putInt(v);
        }
        return HexFormat.of().formatHex(b.array());
    }

    /** HMAC-MD5(password, challenge). */
    public byte[] hmac(byte[] challenge) {
        byte[] innerDigest = Md5.finish(inner, 64, challenge);
        return Md5.finish(outer, 64, innerDigest);
    }

    /** Checks a client's CRAM-MD5 digest (32 hex digits, any case) in constant time. */
    public boolean verify(byte[] challenge, String hexDigest) {
        byte[] expected = HexFormat.of().formatHex(hmac(challenge)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = hexDigest == null ? new byte[0] : hexDigest.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return "CramMd5PadStates[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CramMd5PadStates p && java.util.Arrays.equals(p.inner, inner) && java.util.Arrays.equals(p.outer, outer);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(inner);
    }
}
