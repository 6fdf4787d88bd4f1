package io.dequeue.smtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineFramerTest {

    private static final String TOO_LONG = "<TOO_LONG>";

    /** limit, chunks (escaped), expected frames (escaped lines or TOO_LONG). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one line", 512, List.of("EHLO a\\r\\n"), List.of("EHLO a")),
                Arguments.of("two lines in one chunk", 512, List.of("EHLO a\\r\\nNOOP\\r\\n"), List.of("EHLO a", "NOOP")),
                Arguments.of("CR at chunk end, LF next", 512, List.of("EHLO a\\r", "\\nNOOP\\r\\n"), List.of("EHLO a", "NOOP")),
                Arguments.of("bare LF is content", 512, List.of("a\\nb\\r\\n"), List.of("a\\nb")),
                Arguments.of("bare CR is content", 512, List.of("a\\rb\\r\\n"), List.of("a\\rb")),
                Arguments.of("CR CR LF", 512, List.of("\\r\\r\\n"), List.of("\\r")),
                Arguments.of("LF CR is not a line end", 512, List.of("a\\n\\rb\\r\\n"), List.of("a\\n\\rb")),
                Arguments.of("empty line", 512, List.of("\\r\\n"), List.of("")),
                Arguments.of("incomplete line waits", 512, List.of("NOOP"), List.of()),
                Arguments.of("8-bit and NUL kept", 512, List.of("a\\0\\xff\\r\\n"), List.of("a\\0\\xff")),
                Arguments.of("exactly the limit", 10, List.of("12345678\\r\\n"), List.of("12345678")),
                Arguments.of("one over the limit", 10, List.of("123456789\\r\\nNOOP\\r\\n"), List.of(TOO_LONG, "NOOP")),
                Arguments.of("over the limit, no end yet", 10, List.of("1234567890abc"), List.of(TOO_LONG)),
                Arguments.of("long line ends later", 10, List.of("1234567890abc", "def", "ghi\\r\\nNOOP\\r\\n"),
                        List.of(TOO_LONG, "NOOP")),
                Arguments.of("long line, CR then LF in next chunk", 10, List.of("1234567890abc\\r", "\\nNOOP\\r\\n"),
                        List.of(TOO_LONG, "NOOP")),
                Arguments.of("long line with bare LF inside", 10, List.of("1234567890\\n.\\nx", "\\r\\nQUIT\\r\\n"),
                        List.of(TOO_LONG, "QUIT")),
                Arguments.of("limit minus one then CR LF split", 10, List.of("123456789", "\\r\\n"), List.of(TOO_LONG)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void frames(String name, int limit, List<String> chunks, List<String> expected) {
        LineFramer f = new LineFramer(limit);
        List<String> got = new ArrayList<>();
        for (String c : chunks) {
            f.feed(Escapes.unescape(c));
            pull(f, got);
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} (byte by byte)")
    @MethodSource("cases")
    void framesByteByByte(String name, int limit, List<String> chunks, List<String> expected) {
        LineFramer f = new LineFramer(limit);
        List<String> got = new ArrayList<>();
        for (String c : chunks) {
            for (byte b : Escapes.unescape(c)) {
                f.feed(new byte[] {b});
                pull(f, got);
            }
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    private static void pull(LineFramer f, List<String> got) {
        LineFramer.Frame fr;
        while ((fr = f.next()) != null) {
            got.add(fr instanceof LineFramer.Line l ? Escapes.escape(l.bytes()) : TOO_LONG);
        }
    }

    @Test
    void lineThatNeverEndsCostsBoundedMemory() {
        LineFramer f = new LineFramer(512);
        byte[] junk = new byte[64 * 1024];
        Arrays.fill(junk, (byte) 'x');
        int tooLong = 0;
        for (int i = 0; i < 200; i++) {
            f.feed(junk);
            LineFramer.Frame fr;
            while ((fr = f.next()) != null) {
                assertThat(fr).isInstanceOf(LineFramer.TooLong.class);
                tooLong++;
            }
            assertThat(f.buffered()).isLessThanOrEqualTo(1);
        }
        assertThat(tooLong).isEqualTo(1);
        assertThat(f.isDiscarding()).isTrue();
        f.feed("\r\nNOOP\r\n".getBytes());
        assertThat(f.next()).isEqualTo(new LineFramer.Line("NOOP".getBytes()));
        assertThat(f.isDiscarding()).isFalse();
    }

    @Test
    void drainReturnsUnframedBytesForDataMode() {
        LineFramer f = new LineFramer();
        f.feed("DATA\r\nSubject: x\r\n\r\nbody".getBytes());
        assertThat(f.next()).isEqualTo(new LineFramer.Line("DATA".getBytes()));
        assertThat(f.drain()).isEqualTo("Subject: x\r\n\r\nbody".getBytes());
        assertThat(f.buffered()).isZero();
        assertThat(f.next()).isNull();
    }

    @Test
    void discardBufferedDropsEverythingAfterStartTls() {
        LineFramer f = new LineFramer();
        f.feed("STARTTLS\r\nMAIL FROM:<evil@x.y>\r\n".getBytes());
        assertThat(f.next()).isEqualTo(new LineFramer.Line("STARTTLS".getBytes()));
        assertThat(f.discardBuffered()).isEqualTo("MAIL FROM:<evil@x.y>\r\n".length());
        assertThat(f.next()).isNull();
    }

    @Test
    void limitCanBeRaisedForAuthResponses() {
        LineFramer f = new LineFramer(LineFramer.COMMAND_LINE_LIMIT);
        f.setLimit(LineFramer.AUTH_LINE_LIMIT);
        byte[] line = new byte[5000];
        Arrays.fill(line, (byte) 'A');
        f.feed(line);
        f.feed("\r\n".getBytes());
        assertThat(f.next()).isEqualTo(new LineFramer.Line(line));
    }

    @Test
    void manyLinesInOneHugeChunkAreAllFramed() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("RCPT TO:<u").append(i).append("@example.net>\r\n");
        }
        LineFramer f = new LineFramer();
        f.feed(sb.toString().getBytes());
        int n = 0;
        while (f.next() != null) {
            n++;
        }
        assertThat(n).isEqualTo(10_000);
        assertThat(f.buffered()).isZero();
    }
}
