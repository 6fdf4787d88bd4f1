package io.dequeue.smtp.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyTest {

    static Stream<Arguments> wireForms() {
        return Stream.of(
                Arguments.of(Reply.of(250, "2.0.0", "Ok"), "250 2.0.0 Ok\r\n"),
                Arguments.of(Reply.of(354, "End data with <CR><LF>.<CR><LF>"), "354 End data with <CR><LF>.<CR><LF>\r\n"),
                Arguments.of(Reply.of(250, null, List.of("gw.example", "PIPELINING", "SIZE 100")),
                        "250-gw.example\r\n250-PIPELINING\r\n250 SIZE 100\r\n"),
                Arguments.of(Reply.of(550, "5.7.1", List.of("first", "second")), "550-5.7.1 first\r\n550 5.7.1 second\r\n"),
                Arguments.of(Reply.of(334, ""), "334 \r\n"),
                Arguments.of(Reply.of(250, "2.0.0", ""), "250 2.0.0\r\n"));
    }

    @ParameterizedTest
    @MethodSource("wireForms")
    void wireForm(Reply reply, String wire) {
        assertThat(new String(reply.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(wire);
        assertThat(reply.toBuffer().toString()).isEqualTo(wire);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(199, null, "x"),
                Arguments.of(600, null, "x"),
                Arguments.of(250, "5.0.0", "class mismatch"),
                Arguments.of(250, "2.0", "short"),
                Arguments.of(250, "2.0.0.0", "long"),
                Arguments.of(250, null, "CR\rinside"),
                Arguments.of(250, null, "LF\ninside"),
                Arguments.of(250, null, "8-bit \u00e9"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalid(int code, String enhanced, String text) {
        assertThatThrownBy(() -> Reply.of(code, enhanced, text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classification() {
        assertThat(Replies.OK.isPositiveCompletion()).isTrue();
        assertThat(Replies.START_DATA.isIntermediate()).isTrue();
        assertThat(Replies.TOO_MANY_RECIPIENTS.isTransientFailure()).isTrue();
        assertThat(Replies.RELAY_DENIED.isPermanentFailure()).isTrue();
    }

    @Test
    void sanitizeReplacesUnsafeCharacters() {
        assertThat(Reply.sanitize("a\r\nb\u00e9", 10)).isEqualTo("a??b?");
        assertThat(Reply.sanitize("abcdef", 3)).isEqualTo("abc");
    }

    /** The constants of the catalogue with their exact wire form. */
    static Stream<Arguments> catalogue() {
        return Stream.of(
                Arguments.of(Replies.QUIT, "221 2.0.0 Bye"),
                Arguments.of(Replies.START_DATA, "354 End data with <CR><LF>.<CR><LF>"),
                Arguments.of(Replies.queued("ABC123"), "250 2.0.0 Ok: queued as ABC123"),
                Arguments.of(Replies.RELAY_DENIED, "550 5.7.1 Relay access denied"),
                Arguments.of(Replies.STARTTLS_READY, "220 2.0.0 Ready to start TLS"),
                Arguments.of(Replies.AUTH_REQUIRED, "530 5.7.0 Authentication required"),
                Arguments.of(Replies.authChallenge("abc".getBytes()), "334 YWJj"),
                Arguments.of(Replies.etrnQueuingStarted("example.net"), "250 2.0.0 OK, queuing for node example.net started"),
                Arguments.of(Replies.etrnNoMessages("example.net"), "251 2.0.0 OK, no messages waiting for node example.net"),
                Arguments.of(Replies.etrnPendingStarted("example.net"), "252 2.0.0 OK, pending messages for node example.net started"),
                Arguments.of(Replies.etrnPendingCount(7, "example.net"), "253 2.0.0 OK, 7 pending messages for node example.net started"),
                Arguments.of(Replies.etrnUnableToQueue("example.net"), "458 4.3.0 Unable to queue messages for node example.net"),
                Arguments.of(Replies.etrnNodeNotAllowed("example.net", "not a gateway"),
                        "459 4.7.1 Node example.net not allowed: not a gateway"),
                Arguments.of(Replies.ATRN_OK, "250 OK now reversing the connection"),
                Arguments.of(Replies.ATRN_REFUSED, "450 ATRN request refused"),
                Arguments.of(Replies.ATRN_BUSY, "451 Unable to process ATRN request now"),
                Arguments.of(Replies.ATRN_NO_MAIL, "453 You have no mail"),
                Arguments.of(Replies.greeting("gw.example"), "220 gw.example ESMTP Dequeue"),
                Arguments.of(Replies.helo("gw.example"), "250 gw.example"),
                Arguments.of(Replies.greeting("bad\r\nhost"), "220 bad??host ESMTP Dequeue"));
    }

    @ParameterizedTest
    @MethodSource("catalogue")
    void catalogueWireForm(Reply reply, String expected) {
        assertThat(reply.toString()).isEqualTo(expected);
    }

    @Test
    void everyCatalogueConstantHasAnEnhancedCodeExceptTheRfcFixedOnes() throws Exception {
        Set<Reply> exempt = Set.of(Replies.START_DATA, Replies.ATRN_OK, Replies.ATRN_REFUSED, Replies.ATRN_BUSY,
                Replies.ATRN_NO_MAIL);
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (Field f : Replies.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Reply.class) {
                count++;
                Reply r = (Reply) f.get(null);
                if (!exempt.contains(r) && r.enhancedCode() == null) {
                    missing.add(f.getName());
                }
            }
        }
        assertThat(count).isGreaterThan(60);
        assertThat(missing).isEmpty();
    }

    @Test
    void atrnRepliesAreSingleLine() {
        for (Reply r : List.of(Replies.ATRN_OK, Replies.ATRN_REFUSED, Replies.ATRN_BUSY, Replies.ATRN_NO_MAIL,
                Replies.ATRN_DISABLED, Replies.ATRN_AUTH_REQUIRED, Replies.ATRN_IN_TRANSACTION)) {
            assertThat(r.lines()).hasSize(1);
        }
    }

    @Test
    void replyExceptionCarriesTheReply() {
        ReplyException e = new ReplyException(Replies.LINE_TOO_LONG);
        assertThat(e.reply()).isSameAs(Replies.LINE_TOO_LONG);
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("500 5.5.6 Line too long");
    }
}
