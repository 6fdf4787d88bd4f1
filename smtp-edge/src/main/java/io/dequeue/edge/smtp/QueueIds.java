package io.dequeue.edge.smtp;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Queue ids for {@code 250 2.0.0 Ok: queued as <id>}: 20 characters of Crockford base32, 50 bits of
 * milliseconds (sortable by time) and 50 random bits (unique across edge instances without
 * coordination). Printable, no spaces, safe in a reply, a header and a Kafka key.
 */
public final class QueueIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long SEED = new SecureRandom().nextLong();

    private QueueIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong() ^ SEED);
    }

    static String next(long millis, long random) {
        char[] c = new char[20];
        encode(millis, c, 0);
        encode(random, c, 10);
        return new String(c);
    }

    private static void encode(long v, char[] out, int off) {
        for (int i = 9; i >= 0; i--) {
            out[off + i] = ALPHABET[(int) (v & 31)];
            v >>>= 5;
        }
    }
}
