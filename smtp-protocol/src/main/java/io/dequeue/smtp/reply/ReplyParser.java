package io.dequeue.smtp.reply;

import io.dequeue.smtp.wire.LineFramer;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client side: incremental parsing of server replies from raw bytes, multi-line ones included
 * ({@code 250-...} lines then {@code 250 ...}). Lines end only at CR LF. Size is bounded: a line
 * over {@code maxLineLength} (CR LF included) or a reply of more than {@code maxLines} lines is a
 * {@link MalformedReplyException}. An enhanced status code is recognised when the text of the
 * first line starts with one of the code's class; non-printable text bytes become {@code ?}.
 * Not thread-safe.
 */
public final class ReplyParser {

    public static final int DEFAULT_MAX_LINE = 2048;
    public static final int DEFAULT_MAX_LINES = 100;

    private static final Pattern ENHANCED = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)");

    /** The peer sent something that is not a valid reply; the connection should be dropped. */
    public static final class MalformedReplyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedReplyException(String message) {
            super(message);
        }
    }

    private final LineFramer framer;
    private final int maxLines;
    private final List<String> texts = new ArrayList<>();
    private int code = -1;
    private String enhanced;

    public ReplyParser() {
        this(DEFAULT_MAX_LINE, DEFAULT_MAX_LINES);
    }

    public ReplyParser(int maxLineLength, int maxLines) {
        this.framer = new LineFramer(maxLineLength);
        this.maxLines = maxLines;
    }

    public void feed(Buffer chunk) {
        framer.feed(chunk);
    }

    public void feed(byte[] chunk) {
        framer.feed(chunk);
    }

    /** Bytes received but not yet part of a returned reply's lines. */
    public int buffered() {
        return framer.buffered();
    }

    /**
     * The next complete reply, or null when more bytes are needed.
     *
     * @throws MalformedReplyException on a line that is not a reply line
     */
    public Reply next() {
        while (true) {
            LineFramer.Frame frame = framer.next();
            if (frame == null) {
                return null;
            }
            if (frame instanceof LineFramer.TooLong) {
                throw new MalformedReplyException("reply line too long");
            }
            Reply r = line(((LineFramer.Line) frame).bytes());
            if (r != null) {
                return r;
            }
        }
    }

    private Reply line(byte[] bytes) {
        if (bytes.length < 3) {
            throw new MalformedReplyException("short reply line");
        }
        int c = 0;
        for (int i = 0; i < 3; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                throw new MalformedReplyException("reply line without a code");
            }
            c = c * 10 + bytes[i] - '0';
        }
        if (c < 200 || c > 599) {
            throw new MalformedReplyException("reply code out of range");
        }
        boolean last;
        if (bytes.length == 3 || bytes[3] == ' ') {
            last = true;
        } else if (bytes[3] == '-') {
            last = false;
        } else {
            throw new MalformedReplyException("bad separator after reply code");
        }
        if (code >= 0 && c != code) {
            throw new MalformedReplyException("reply code changed inside a multi-line reply");
        }
        String text = printable(bytes, Math.min(4, bytes.length));
        if (c / 100 != 3) {
            Matcher m = ENHANCED.matcher(text);
            if (m.lookingAt() && m.group(1).charAt(0) == (char) ('0' + c / 100)) {
                if (texts.isEmpty()) {
                    enhanced = m.group(1);
                }
                if (m.group(1).equals(enhanced)) {
                    text = text.substring(m.end());
                }
            }
        }
        code = c;
        texts.add(text);
        if (texts.size() > maxLines) {
            throw new MalformedReplyException("too many reply lines");
        }
        if (!last) {
            return null;
        }
        Reply r = Reply.of(code, enhanced, texts);
        code = -1;
        enhanced = null;
        texts.clear();
        return r;
    }

    private static String printable(byte[] b, int from) {
        String s = new String(b, from, b.length - from, StandardCharsets.ISO_8859_1);
        return Reply.sanitize(s, Integer.MAX_VALUE);
    }
}
