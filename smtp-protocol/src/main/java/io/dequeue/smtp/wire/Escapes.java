package io.dequeue.smtp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * C-style escapes for showing and writing raw bytes in logs, tests and dialogue scripts:
 * {@code \r \n \t \0 \\ \xHH}.
 */
public final class Escapes {

    private Escapes() {
    }

    /** Printable ASCII as is, everything else escaped. */
    public static String escape(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 8);
        for (int i = off; i < off + len; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case 0 -> sb.append("\\0");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        sb.append((char) b);
                    } else {
                        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
                    }
                }
            }
        }
        return sb.toString();
    }

    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    /**
     * Turns escaped text into bytes. Characters above U+00FF are encoded as UTF-8.
     *
     * @throws IllegalArgumentException on an unknown or truncated escape
     */
    public static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                if (c < 0x100) {
                    out.write(c);
                } else {
                    int cp = text.codePointAt(i);
                    byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(utf8, 0, utf8.length);
                    i += Character.charCount(cp) - 1;
                }
                continue;
            }
            if (++i >= text.length()) {
                throw new IllegalArgumentException("dangling backslash");
            }
            char e = text.charAt(i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("truncated \\x escape");
                    }
                    int hi = Character.digit(text.charAt(i + 1), 16);
                    int lo = Character.digit(text.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new IllegalArgumentException("bad \\x escape");
                    }
                    out.write(hi << 4 | lo);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }
}
