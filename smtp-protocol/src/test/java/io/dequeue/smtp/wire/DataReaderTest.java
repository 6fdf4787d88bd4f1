package io.dequeue.smtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.wire.DataReader.BareLineEndingPolicy;
import io.dequeue.smtp.wire.DataReader.Status;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataReaderTest {

    private static final BareLineEndingPolicy REJECT = BareLineEndingPolicy.REJECT;
    private static final BareLineEndingPolicy NORMALIZE = BareLineEndingPolicy.NORMALIZE;

    /** input (escaped), policy, max size, expected status, expected body (escaped, null = don't check), expected remaining. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty body", ".\\r\\n", REJECT, 100, Status.OK, "", ""),
                Arguments.of("one line", "Hello\\r\\n.\\r\\n", REJECT, 100, Status.OK, "Hello\\r\\n", ""),
                Arguments.of("empty lines kept", "\\r\\n\\r\\nx\\r\\n.\\r\\n", REJECT, 100, Status.OK, "\\r\\n\\r\\nx\\r\\n", ""),
                Arguments.of("dot unstuffing", "..x\\r\\n.\\r\\n", REJECT, 100, Status.OK, ".x\\r\\n", ""),
                Arguments.of("stuffed lone dot", "a\\r\\n..\\r\\n.\\r\\n", REJECT, 100, Status.OK, "a\\r\\n.\\r\\n", ""),
                Arguments.of("leading dot removed", ".x\\r\\n.\\r\\n", REJECT, 100, Status.OK, "x\\r\\n", ""),
                Arguments.of("dot mid-line kept", "a.b\\r\\n.\\r\\n", REJECT, 100, Status.OK, "a.b\\r\\n", ""),
                Arguments.of("dot after CR LF in the middle", "a\\r\\n.b\\r\\n.\\r\\n", REJECT, 100, Status.OK, "a\\r\\nb\\r\\n", ""),
                Arguments.of("pipelined commands after end", "a\\r\\n.\\r\\nMAIL FROM:<>\\r\\nQUIT\\r\\n", REJECT, 100,
                        Status.OK, "a\\r\\n", "MAIL FROM:<>\\r\\nQUIT\\r\\n"),
                Arguments.of("8-bit and NUL are body bytes", "\\xe9\\0\\xff\\r\\n.\\r\\n", REJECT, 100, Status.OK,
                        "\\xe9\\0\\xff\\r\\n", ""),
                Arguments.of("bare LF rejected", "a\\nb\\r\\n.\\r\\n", REJECT, 100, Status.BARE_LINE_ENDING, null, ""),
                Arguments.of("bare CR rejected", "a\\rb\\r\\n.\\r\\n", REJECT, 100, Status.BARE_LINE_ENDING, null, ""),
                Arguments.of("bare LF normalized", "a\\nb\\rc\\r\\n.\\r\\n", NORMALIZE, 100, Status.OK,
                        "a\\r\\nb\\r\\nc\\r\\n", ""),
                Arguments.of("CR CR LF normalized", "a\\r\\r\\n.\\r\\n", NORMALIZE, 100, Status.OK, "a\\r\\n\\r\\n", ""),
                Arguments.of("too big", "123456\\r\\n.\\r\\nQUIT\\r\\n", REJECT, 5, Status.TOO_BIG, null, "QUIT\\r\\n"),
                Arguments.of("exactly max size", "123\\r\\n.\\r\\n", REJECT, 5, Status.OK, "123\\r\\n", ""),
                Arguments.of("dot line that is not the end", "a\\r\\n. \\r\\n.\\r\\n", REJECT, 100, Status.OK,
                        "a\\r\\n \\r\\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsWholeInput(String name, String input, BareLineEndingPolicy policy, long max, Status status,
                         String body, String remaining) {
        check(List.of(Escapes.unescape(input)), policy, max, status, body, remaining);
    }

    @ParameterizedTest(name = "{0} (every split point)")
    @MethodSource("cases")
    void readsEverySplit(String name, String input, BareLineEndingPolicy policy, long max, Status status,
                         String body, String remaining) {
        byte[] all = Escapes.unescape(input);
        int end = endOffset(all);
        for (int cut = 1; cut < end; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(all, cut, all.length);
            check(List.of(a, b), policy, max, status, body, remaining);
        }
    }

    @ParameterizedTest(name = "{0} (byte by byte)")
    @MethodSource("cases")
    void readsByteByByte(String name, String input, BareLineEndingPolicy policy, long max, Status status,
                         String body, String remaining) {
        byte[] all = Escapes.unescape(input);
        int end = endOffset(all);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < end - 1; i++) {
            chunks.add(new byte[] {all[i]});
        }
        chunks.add(java.util.Arrays.copyOfRange(all, end - 1, all.length));
        check(chunks, policy, max, status, body, remaining);
    }

    /** Offset just after the first CR LF "." CR LF (or a leading "." CR LF). */
    private static int endOffset(byte[] all) {
        String s = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (s.startsWith(".\r\n")) {
            return 3;
        }
        return s.indexOf("\r\n.\r\n") + 5;
    }

    private static void check(List<byte[]> chunks, BareLineEndingPolicy policy, long max, Status status,
                              String body, String remaining) {
        Buffer got = Buffer.buffer();
        DataReader r = new DataReader(max, policy, 0, got::appendBuffer);
        DataReader.Result result = null;
        for (byte[] c : chunks) {
            assertThat(result).as("result came before the last chunk").isNull();
            result = r.feed(c);
        }
        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(status);
        if (body != null) {
            assertThat(Escapes.escape(got.getBytes())).isEqualTo(body);
        }
        assertThat(Escapes.escape(result.remaining())).isEqualTo(remaining);
        assertThat(r.isFinished()).isTrue();
    }

    static Stream<String> smugglingMarkers() {
        return Stream.of("\\n.\\n", "\\r.\\r", "\\r.\\n", "\\n.\\r", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r\\n",
                "\\r\\n.\\r", "\\r\\n\\0.\\r\\n");
    }

    private static final String SMUGGLED = "MAIL FROM:<evil@attacker.example>\\r\\nRCPT TO:<victim@example.net>\\r\\n"
            + "DATA\\r\\nSubject: smuggled\\r\\n\\r\\nevil\\r\\n";

    @ParameterizedTest(name = "marker {0} does not end the data (REJECT)")
    @MethodSource("smugglingMarkers")
    void smugglingMarkerIsNotAnEndUnderReject(String marker) {
        byte[] in = Escapes.unescape("Subject: hi\\r\\n\\r\\nline1" + marker + SMUGGLED + ".\\r\\nQUIT\\r\\n");
        DataReader r = new DataReader(1 << 20, REJECT, 0, b -> { });
        DataReader.Result res = r.feed(in);
        assertThat(res).isNotNull();
        assertThat(Escapes.escape(res.remaining())).isEqualTo("QUIT\\r\\n");
        boolean hasBare = !marker.equals("\\r\\n\\0.\\r\\n");
        assertThat(res.status()).isEqualTo(hasBare ? Status.BARE_LINE_ENDING : Status.OK);
    }

    @ParameterizedTest(name = "marker {0} does not end the data (NORMALIZE, byte by byte)")
    @MethodSource("smugglingMarkers")
    void smugglingMarkerIsNotAnEndUnderNormalize(String marker) {
        byte[] in = Escapes.unescape("Subject: hi\\r\\n\\r\\nline1" + marker + SMUGGLED + ".\\r\\nQUIT\\r\\n");
        Buffer body = Buffer.buffer();
        DataReader r = new DataReader(1 << 20, NORMALIZE, 0, body::appendBuffer);
        DataReader.Result res = null;
        int i = 0;
        while (res == null) {
            res = r.feed(new byte[] {in[i++]});
        }
        assertThat(new String(in, i, in.length - i)).isEqualTo("QUIT\r\n");
        assertThat(res.status()).isEqualTo(Status.OK);
        String text = body.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Subject: smuggled").endsWith("evil\r\n");
        // after normalisation no bare CR or LF is left
        assertNoBareLineEnding(body.getBytes());
    }

    static void assertNoBareLineEnding(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r') {
                assertThat(i + 1 < b.length && b[i + 1] == '\n').as("bare CR at %d", i).isTrue();
            } else if (b[i] == '\n') {
                assertThat(i > 0 && b[i - 1] == '\r').as("bare LF at %d", i).isTrue();
            }
        }
    }

    @Test
    void tooBigStopsStoringButReadsToTheEnd() {
        List<Buffer> chunks = new ArrayList<>();
        DataReader r = new DataReader(1000, REJECT, 0, chunks::add);
        byte[] line = (("x".repeat(98)) + "\r\n").getBytes();
        for (int i = 0; i < 9; i++) {
            assertThat(r.feed(line)).isNull();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(r.feed(line)).isNull();
        }
        DataReader.Result res = r.feed(".\r\n".getBytes());
        assertThat(res.status()).isEqualTo(Status.TOO_BIG);
        assertThat(res.size()).isEqualTo(109 * 100);
        assertThat(chunks).hasSize(10);
    }

    @Test
    void countsAndRefusesLongLines() {
        List<Buffer> stored = new ArrayList<>();
        DataReader r = new DataReader(1 << 20, REJECT, 10, stored::add);
        assertThat(r.feed("12345678\r\n".getBytes())).isNull();
        DataReader.Result res = r.feed("123456789\r\n..3456789\r\nshort\r\n.\r\n".getBytes());
        assertThat(res.longLines()).isEqualTo(2);
        assertThat(res.status()).isEqualTo(Status.LINE_TOO_LONG);
        assertThat(stored).hasSize(1); // nothing more is stored once a line is too long
    }

    @Test
    void aLineAtTheLimitIsFine() {
        DataReader r = new DataReader(1 << 20, REJECT, 10, b -> { });
        assertThat(r.feed("12345678\r\n.2345678\r\n.\r\n".getBytes()).status()).isEqualTo(Status.OK);
    }

    @Test
    void withoutALimitLongLinesAreNotCounted() {
        DataReader r = new DataReader(1 << 20, REJECT, 0, b -> { });
        DataReader.Result res = r.feed(("x".repeat(5000) + "\r\n.\r\n").getBytes());
        assertThat(res.status()).isEqualTo(Status.OK);
        assertThat(res.longLines()).isZero();
    }

    @Test
    void feedingAfterTheEndIsAnError() {
        DataReader r = new DataReader(100, REJECT, 0, b -> { });
        assertThat(r.feed(".\r\n".getBytes())).isNotNull();
        assertThatThrownBy(() -> r.feed("x".getBytes())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void largeBodyIsStreamedInChunks() {
        List<Integer> sizes = new ArrayList<>();
        DataReader r = new DataReader(30L << 20, REJECT, DataReader.TEXT_LINE_LIMIT, b -> sizes.add(b.length()));
        byte[] chunk = ("y".repeat(78) + "\r\n").repeat(800).getBytes();
        long total = 0;
        for (int i = 0; i < 330; i++) {
            assertThat(r.feed(chunk)).isNull();
            total += chunk.length;
        }
        DataReader.Result res = r.feed(".\r\n".getBytes());
        assertThat(res.ok()).isTrue();
        assertThat(res.size()).isEqualTo(total);
        assertThat(sizes).hasSize(330).allMatch(s -> s == chunk.length);
    }
}
