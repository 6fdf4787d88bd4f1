package io.dequeue.smtp.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * xtext (RFC 3461 4): printable US-ASCII except "+" and "=" stands for itself; any other octet is
 * "+" and two hex digits. Decoding is strict: a "+" must be followed by two hex digits and every
 * other character must be an xchar.
 */
public final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte value : bytes) {
            int b = value & 0xff;
            if (isXchar(b)) {
                sb.append((char) b);
            } else {
                sb.append('+').append(HEX[b >> 4]).append(HEX[b & 15]);
            }
        }
        return sb.toString();
    }

    /** True for an octet that xtext writes as itself. */
    public static boolean isXchar(int b) {
        return b >= 33 && b <= 126 && b != '+' && b != '=';
    }

    public static boolean isValid(String xtext) {
        try {
            decode(xtext);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @throws IllegalArgumentException on a character that is not an xchar or a bad "+HH"
     */
    public static byte[] decode(String xtext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("truncated xtext hexchar");
                }
                int hi = hexDigit(xtext.charAt(i + 1));
                int lo = hexDigit(xtext.charAt(i + 2));
                out.write(hi << 4 | lo);
                i += 2;
            } else if (isXchar(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("character not allowed in xtext");
            }
        }
        return out.toByteArray();
    }

    /** Decodes and requires the result to be printable US-ASCII (SP included). */
    public static String decodeToPrintableAscii(String xtext) {
        byte[] bytes = decode(xtext);
        for (byte b : bytes) {
            if (b < 32 || b > 126) {
                throw new IllegalArgumentException("decoded xtext is not printable US-ASCII");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        throw new IllegalArgumentException("bad xtext hexchar");
    }
}
