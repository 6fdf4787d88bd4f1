package io.dequeue.smtp.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.wire.Escapes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("220 mx.example ESMTP\\r\\n", List.of(Reply.of(220, "mx.example ESMTP"))),
                Arguments.of("250 2.1.0 Ok\\r\\n", List.of(Reply.of(250, "2.1.0", "Ok"))),
                Arguments.of("250-mx.example\\r\\n250-PIPELINING\\r\\n250 8BITMIME\\r\\n",
                        List.of(Reply.of(250, null, List.of("mx.example", "PIPELINING", "8BITMIME")))),
                Arguments.of("550-5.7.1 no\\r\\n550 5.7.1 really\\r\\n", List.of(Reply.of(550, "5.7.1", List.of("no", "really")))),
                Arguments.of("250\\r\\n", List.of(Reply.of(250, ""))),
                Arguments.of("334 \\r\\n", List.of(Reply.of(334, ""))),
                Arguments.of("354 go ahead\\r\\n", List.of(Reply.of(354, "go ahead"))),
                Arguments.of("250 5.0.0 wrong class is text\\r\\n", List.of(Reply.of(250, "5.0.0 wrong class is text"))),
                Arguments.of("250 ok\\r\\n221 2.0.0 bye\\r\\n", List.of(Reply.of(250, "ok"), Reply.of(221, "2.0.0", "bye"))),
                Arguments.of("250 caf\\xe9\\tx\\r\\n", List.of(Reply.of(250, "caf??x"))),
                Arguments.of("250 partial", List.of()));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void parses(String input, List<Reply> expected) {
        ReplyParser p = new ReplyParser();
        List<Reply> got = new ArrayList<>();
        for (byte b : Escapes.unescape(input)) {
            p.feed(new byte[] {b});
            Reply r;
            while ((r = p.next()) != null) {
                got.add(r);
            }
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25\\r\\n", "abc ok\\r\\n", "250_ok\\r\\n", "150 x\\r\\n", "250-a\\r\\n251 b\\r\\n"})
    void rejectsMalformed(String input) {
        ReplyParser p = new ReplyParser();
        p.feed(Escapes.unescape(input));
        assertThatThrownBy(() -> {
            while (p.next() != null) {
                // drain
            }
        }).isInstanceOf(ReplyParser.MalformedReplyException.class);
    }

    @Test
    void boundedLineLengthAndLineCount() {
        ReplyParser p = new ReplyParser(100, 3);
        p.feed(("250 " + "x".repeat(200) + "\r\n").getBytes());
        assertThatThrownBy(p::next).isInstanceOf(ReplyParser.MalformedReplyException.class);

        ReplyParser q = new ReplyParser(100, 3);
        q.feed("250-a\r\n250-b\r\n250-c\r\n250 d\r\n".getBytes());
        assertThatThrownBy(q::next).isInstanceOf(ReplyParser.MalformedReplyException.class);
    }

    @Test
    void roundTripsEveryReplyItFormats() {
        Reply r = Replies.ehlo("gw.example", List.of("PIPELINING", "SIZE 1000", "AUTH CRAM-MD5"));
        ReplyParser p = new ReplyParser();
        p.feed(r.toBytes());
        assertThat(p.next()).isEqualTo(r);
        p.feed(Replies.etrnPendingCount(3, "a.example").toBytes());
        assertThat(p.next()).isEqualTo(Replies.etrnPendingCount(3, "a.example"));
    }
}
