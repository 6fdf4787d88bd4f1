package io.dequeue.smtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotStufferTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(""), ".\\r\\n"),
                Arguments.of(List.of("a\\r\\n"), "a\\r\\n.\\r\\n"),
                Arguments.of(List.of("a"), "a\\r\\n.\\r\\n"),
                Arguments.of(List.of(".x\\r\\n"), "..x\\r\\n.\\r\\n"),
                Arguments.of(List.of(".\\r\\n"), "..\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r\\n.\\r\\nb\\r\\n"), "a\\r\\n..\\r\\nb\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\n.b"), "a\\r\\n..b\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r.b"), "a\\r\\n..b\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r", "\\n.b\\r\\n"), "a\\r\\n..b\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r", ".b"), "a\\r\\n..b\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r"), "a\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\n.\\n"), "a\\r\\n..\\r\\n.\\r\\n"),
                Arguments.of(List.of("a\\r\\n", ".", ".", "\\r\\n"), "a\\r\\n...\\r\\n.\\r\\n"),
                Arguments.of(List.of("a.b\\r\\n"), "a.b\\r\\n.\\r\\n"),
                Arguments.of(List.of("\\r\\r\\n"), "\\r\\n\\r\\n.\\r\\n"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stuffs(List<String> chunks, String expected) {
        DotStuffer s = new DotStuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : chunks) {
            out.writeBytes(s.stuff(Escapes.unescape(c)));
        }
        out.writeBytes(s.finish());
        assertThat(Escapes.escape(out.toByteArray())).isEqualTo(expected);
    }

    @Test
    void bufferVariant() {
        DotStuffer s = new DotStuffer();
        Buffer b = s.stuff(Buffer.buffer(".hi")).appendBuffer(s.finishBuffer());
        assertThat(b.toString()).isEqualTo("..hi\r\n.\r\n");
    }

    @Test
    void randomBodiesRoundTripAndNeverPutBareLineEndingsOnTheWire() {
        Random rnd = new Random(42);
        byte[] alphabet = {'a', '.', '\r', '\n', ' ', 0, (byte) 0xe9};
        for (int n = 0; n < 2000; n++) {
            // mostly short bodies; every tenth long enough to make the output grow more than once
            byte[] body = new byte[rnd.nextInt(n % 10 == 0 ? 5000 : 60)];
            for (int i = 0; i < body.length; i++) {
                body[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            DotStuffer s = new DotStuffer();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int cut = body.length == 0 ? 0 : rnd.nextInt(body.length);
            wire.writeBytes(s.stuff(body, 0, cut));
            wire.writeBytes(s.stuff(body, cut, body.length - cut));
            wire.writeBytes(s.finish());
            byte[] w = wire.toByteArray();
            DataReaderTest.assertNoBareLineEnding(w);

            Buffer back = Buffer.buffer();
            DataReader r = new DataReader(1 << 20, DataReader.BareLineEndingPolicy.REJECT, 0, back::appendBuffer);
            DataReader.Result res = r.feed(w);
            assertThat(res).as("end found for %s", Escapes.escape(body)).isNotNull();
            assertThat(res.ok()).isTrue();
            assertThat(res.remaining()).isEmpty();
            assertThat(Escapes.escape(back.getBytes())).isEqualTo(Escapes.escape(normalized(body)));
        }
    }

    /** What the receiver should get: bare CR / LF as CR LF, and a final CR LF. */
    private static byte[] normalized(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] o = out.toByteArray();
        if (o.length > 0 && o[o.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Test
    void encodeConvenience() {
        assertThat(new String(DotStuffer.encode("x\r\n.y".getBytes()))).isEqualTo("x\r\n..y\r\n.\r\n");
    }
}
