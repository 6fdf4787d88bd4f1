package io.dequeue.smtp.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.reply.ReplyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<user@example.net>|user|example.net",
        "<User.Name+tag@Example.NET>|User.Name+tag|Example.NET",
        "<\"john doe\"@example.net>|\"john doe\"|example.net",
        "<\"a\\\"b\"@example.net>|\"a\\\"b\"|example.net",
        "<\"x>y\"@example.net>|\"x>y\"|example.net",
        "<u@[192.0.2.1]>|u|[192.0.2.1]",
        "<u@[IPv6:2001:db8::1]>|u|[IPv6:2001:db8::1]",
        "<@relay.example,@[10.0.0.1]:x@y.example>|x|y.example",
        "<u@localhost>|u|localhost"})
    void validForwardPaths(String path, String local, String domain) {
        Mailbox m = Paths.parseForwardPath(path);
        assertThat(m.localPart()).isEqualTo(local);
        assertThat(m.domain()).isEqualTo(domain);
        assertThat(Paths.parseReversePath(path)).isEqualTo(m);
    }

    /** path, expected reply for a recipient (sender replies use 5.1.7 instead of 5.1.3). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user@example.net|501 5.1.3",
        "<user@example.net|501 5.1.3",
        "<>|501 5.1.3",
        "<user>|501 5.1.3",
        "<@example.net>|501 5.1.3",
        "<user@>|501 5.1.3",
        "<.user@example.net>|501 5.1.3",
        "<user.@example.net>|501 5.1.3",
        "<us..er@example.net>|501 5.1.3",
        "<us er@example.net>|501 5.1.3",
        "<user@exa_mple.net>|501 5.1.3",
        "<user@-example.net>|501 5.1.3",
        "<user@example.net.>|501 5.1.3",
        "<user@[300.0.0.1]>|501 5.1.3",
        "<user@[IPv6:1:2:3:4:5:6:7:8:9]>|501 5.1.3",
        "<user@[tag:stuff]>|501 5.1.3",
        "<\"unterminated@example.net>|501 5.1.3",
        "<@relay.example:>|501 5.1.3",
        "<@bad_relay:x@y.example>|501 5.1.3",
        "<us\u00e9r@example.net>|553 5.6.7",
        "<user@ex\u00e4mple.net>|553 5.6.7"})
    void invalidPaths(String path, String expected) {
        assertThatThrownBy(() -> Paths.parseForwardPath(path))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply().toString()).startsWith(expected));
        String senderExpected = expected.replace("5.1.3", "5.1.7");
        if (!path.equals("<>")) {
            assertThatThrownBy(() -> Paths.parseReversePath(path))
                    .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply().toString()).startsWith(senderExpected));
        }
    }

    @Test
    void everyAtextCharacterInALocalPart() {
        String local = "!#$%&'*+-/=?^_`{|}~.A9";
        assertThat(Paths.parseForwardPath("<" + local + "@example.net>").localPart()).isEqualTo(local);
    }

    @Test
    void nullReversePath() {
        assertThat(Paths.parseReversePath("<>")).isNull();
    }

    @Test
    void limits() {
        String local64 = "a".repeat(64);
        assertThat(Paths.parseForwardPath("<" + local64 + "@example.net>").localPart()).isEqualTo(local64);
        assertThatThrownBy(() -> Paths.parseForwardPath("<" + local64 + "a@example.net>"))
                .isInstanceOf(ReplyException.class).hasMessageContaining("local part too long");
        String label = "b".repeat(63);
        String domain = label + "." + label + "." + label + ".example";  // 63*3+2+8 = 199
        assertThat(Paths.parseForwardPath("<u@" + domain + ">").domain()).isEqualTo(domain);
        String longPath = "<" + local64 + "@" + label + "." + label + "." + label + "." + "c".repeat(60) + ">";
        assertThat(longPath.length()).isGreaterThan(256);
        assertThatThrownBy(() -> Paths.parseForwardPath(longPath))
                .isInstanceOf(ReplyException.class).hasMessageContaining("too long");
    }

    @Test
    void postmasterWithoutDomain() {
        assertThat(Paths.parseForwardPath("<Postmaster>", "gw.example")).isEqualTo(new Mailbox("Postmaster", "gw.example"));
        assertThatThrownBy(() -> Paths.parseForwardPath("<Postmaster>")).isInstanceOf(ReplyException.class);
    }

    @Test
    void mailboxHelpers() {
        Mailbox m = Paths.parseForwardPath("<\"a\\\"b c\"@Example.NET>");
        assertThat(m.lowerCaseDomain()).isEqualTo("example.net");
        assertThat(m.localPartValue()).isEqualTo("a\"b c");
        assertThat(m.isQuoted()).isTrue();
        assertThat(m.path()).isEqualTo("<\"a\\\"b c\"@Example.NET>");
        assertThat(Mailbox.parse("x@[1.2.3.4]").isAddressLiteral()).isTrue();
    }
}
