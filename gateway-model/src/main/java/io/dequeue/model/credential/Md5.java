package io.dequeue.model.credential;

/**
 * MD5 (RFC 1321) with an exposed chaining state, so an HMAC-MD5 key can be stored as the states
 * after its inner and outer pad blocks instead of as the clear password (what Dovecot calls
 * CRAM-MD5 "pad states"). Not for new cryptographic uses: CRAM-MD5 needs exactly this.
 */
final class Md5 {
    private static final int[] S = {
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
            5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    private static final int[] K = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    static final int[] INITIAL = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

    private Md5() {
    }

    /** Processes one 64-byte block into {@code state}. */
    static void compress(int[] state, byte[] block, int off) {
        int[] m = new int[16];
        for (int i = 0; i < 16; i++) {
            int p = off + i * 4;
            m[i] = (block[p] & 0xff) | (block[p + 1] & 0xff) << 8 | (block[p + 2] & 0xff) << 16 | (block[p + 3] & 0xff) << 24;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        for (int i = 0; i < 64; i++) {
            int f;
            int g;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) & 15;
            }
            int t = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(a + f + K[i] + m[g], S[i]);
            a = t;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    /**
     * Finishes a digest from a state that has already absorbed {@code prefixLength} bytes (a
     * multiple of 64) by absorbing {@code data} and the padding.
     */
    static byte[] finish(int[] startState, long prefixLength, byte[] data) {
        int[] st = startState.clone();
        long total = prefixLength + data.length;
        int full = data.length / 64;
        for (int i = 0; i < full; i++) {
            compress(st, data, i * 64);
        }
        int rest = data.length - full * 64;
        int padLen = rest < 56 ? 64 : 128;
        byte[] tail = new byte[padLen];
        System.arraycopy(data, full * 64, tail, 0, rest);
        tail[rest] = (byte) 0x80;
        long bits = total * 8;
        for (int i = 0; i < 8; i++) {
            tail[padLen - 8 + i] = (byte) (bits >>> (8 * i));
        }
        compress(st, tail, 0);
        if (padLen == 128) {
            compress(st, tail, 64);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[i * 4 + j] = (byte) (st[i] >>> (8 * j));
            }
        }
        return out;
    }
}
