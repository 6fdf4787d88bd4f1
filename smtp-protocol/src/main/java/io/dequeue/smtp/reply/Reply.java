package io.dequeue.smtp.reply;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463) and one or more
 * text lines. Immutable; {@link #toBytes()} gives the wire form with {@code 250-} continuation lines
 * and CR LF after every line.
 *
 * <p>Text is restricted to printable US-ASCII so that no reply can carry a CR, LF or 8-bit byte onto
 * the wire.
 */
public record Reply(int code, String enhancedCode, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        if (enhancedCode != null) {
            if (!ENHANCED.matcher(enhancedCode).matches()) {
                throw new IllegalArgumentException("bad enhanced status code: " + enhancedCode);
            }
            if (enhancedCode.charAt(0) != Character.forDigit(code / 100, 10)) {
                throw new IllegalArgumentException("enhanced code class does not match " + code + ": " + enhancedCode);
            }
        }
        Objects.requireNonNull(lines, "lines");
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        lines = List.copyOf(lines);
        for (String line : lines) {
            checkText(line);
        }
    }

    /** A single-line reply; {@code enhancedCode} may be null. */
    public static Reply of(int code, String enhancedCode, String text) {
        return new Reply(code, enhancedCode, List.of(text));
    }

    /** A single-line reply without an enhanced status code. */
    public static Reply of(int code, String text) {
        return new Reply(code, null, List.of(text));
    }

    /** A multi-line reply. */
    public static Reply of(int code, String enhancedCode, List<String> lines) {
        return new Reply(code, enhancedCode, lines);
    }

    /** The same code and enhanced code with other text. */
    public Reply withText(String text) {
        return new Reply(code, enhancedCode, List.of(text));
    }

    /** The lines joined by a single space, for logs and events. */
    public String text() {
        return String.join(" ", lines);
    }

    public boolean isPositiveCompletion() {
        return code / 100 == 2;
    }

    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    public boolean isTransientFailure() {
        return code / 100 == 4;
    }

    public boolean isPermanentFailure() {
        return code / 100 == 5;
    }

    /** Wire form: every line ends with CR LF; all but the last use {@code code-}. */
    public byte[] toBytes() {
        return wireText().getBytes(StandardCharsets.US_ASCII);
    }

    /** Wire form as a Vert.x buffer. */
    public Buffer toBuffer() {
        return Buffer.buffer(toBytes());
    }

    private String wireText() {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedCode != null) {
                sb.append(enhancedCode);
                if (!lines.get(i).isEmpty()) {
                    sb.append(' ');
                }
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString();
    }

    /** The wire form without the final CR LF, continuation lines separated by CR LF. */
    @Override
    public String toString() {
        String s = wireText();
        return s.substring(0, s.length() - 2);
    }

    private static void checkText(String line) {
        Objects.requireNonNull(line, "reply line");
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("reply text must be printable US-ASCII");
            }
        }
    }

    /**
     * Makes arbitrary text safe to place in a reply: anything outside printable US-ASCII becomes
     * {@code ?}, and the result is cut to {@code max} characters. Use only for text the gateway has
     * already validated; never echo raw client bytes.
     */
    public static String sanitize(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return sb.toString();
    }
}
