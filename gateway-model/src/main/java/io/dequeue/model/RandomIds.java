package io.dequeue.model;

import java.util.Base64;
import java.util.UUID;

/**
 * Random identifiers as short as they can be: a random UUID's 122 bits of {@code UUID.randomUUID()} in
 * 22 base64url characters ({@code A-Z a-z 0-9 - _}) instead of its 36-character text. Used for the
 * CloudEvents {@code ce_id} of every record and for release ids, which travel on several records of
 * every message.
 */
public final class RandomIds {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RandomIds() {
    }

    /** A fresh random id of 22 characters. */
    public static String next() {
        UUID u = UUID.randomUUID();
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return ENCODER.encodeToString(b);
    }
}
