package io.dequeue.model;

import io.dequeue.model.serde.DomainNameSerde;
import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainNameTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.net              | example.net
            a                        | a
            localhost                | localhost
            mail-1.example.net       | mail-1.example.net
            1example.net             | 1example.net
            ex--ample.net            | ex--ample.net
            xn--bcher-kva.example    | xn--bcher-kva.example
            bücher.example           | xn--bcher-kva.example
            BÜCHER.Example           | xn--bcher-kva.example
            münchen.de               | xn--mnchen-3ya.de
            xn--strae-oqa.de         | xn--strae-oqa.de
            例え.テスト                | xn--r8jz45g.xn--zckzah
            EXAMPLE.NET              | example.net
            Mail.Example.Net         | mail.example.net
            example.net.             | example.net
            'Example.NET.'           | example.net
            '  example.net  '        | example.net
            """)
    void parsesToCanonicalForm(String input, String canonical) {
        DomainName d = DomainName.parse(input);
        assertThat(d.value()).isEqualTo(canonical);
        assertThat(d.toString()).isEqualTo(canonical);
        assertThat(DomainName.isValid(input)).isTrue();
        assertThat(new DomainName(canonical)).isEqualTo(d);
        assertThat(DomainName.parse(canonical)).as("canonical is a fixed point").isEqualTo(d);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("empty", "", "the name is empty"),
                Arguments.of("only spaces", "   ", "the name is empty"),
                Arguments.of("only a dot", ".", "empty label"),
                Arguments.of("two trailing dots", "example.net..", "empty label"),
                Arguments.of("leading dot", ".example.net", "empty label"),
                Arguments.of("empty label inside", "a..example", "empty label"),
                Arguments.of("too long (254)", nameOfLength(254), "longer than 253"),
                Arguments.of("label of 64", "a".repeat(64) + ".example", "label is longer than 63"),
                Arguments.of("leading hyphen", "-example.net", "hyphen"),
                Arguments.of("trailing hyphen", "example-.net", "hyphen"),
                Arguments.of("hyphen-only label", "-.net", "hyphen"),
                Arguments.of("underscore", "_dmarc.example.net", "not a letter, digit, hyphen or dot"),
                Arguments.of("space inside", "exa mple.net", "not a letter, digit, hyphen or dot"),
                Arguments.of("at sign", "user@example.net", "not a letter, digit, hyphen or dot"),
                Arguments.of("address literal", "[192.0.2.1]", "not a letter, digit, hyphen or dot"),
                Arguments.of("IPv4 address", "192.0.2.1", "numeric"),
                Arguments.of("numeric TLD", "example.123", "numeric"),
                Arguments.of("single number", "42", "numeric"),
                Arguments.of("IPv6 address", "2001:db8::1", "not a letter, digit, hyphen or dot"),
                Arguments.of("U-label too long", "ü".repeat(70) + ".example", "internationalised"),
                // IDNA deviations: the JDK's IDNA2003 would give strasse.de, IDNA2008 xn--strae-oqa.de
                Arguments.of("sharp s", "straße.de", "U+00DF (sharp s), which IDNA2003 and IDNA2008"),
                Arguments.of("final sigma", "\u03c3\u03bf\u03c6\u03af\u03b1\u03c2.example", "U+03C2"),
                Arguments.of("zero width joiner", "a\u200db\u00fc.example", "U+200D"),
                Arguments.of("zero width non-joiner", "a\u200cb\u00fc.example", "A-labels (xn--...)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNames")
    void rejectsWithAReason(String why, String input, String reason) {
        assertThatThrownBy(() -> DomainName.parse(input))
                .isInstanceOf(InvalidDomainNameException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(((InvalidDomainNameException) e).reason()).contains(reason))
                .hasMessageStartingWith("invalid domain name");
        assertThat(DomainName.isValid(input)).isFalse();
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> DomainName.parse(null))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageContaining("no domain name given");
        assertThat(DomainName.isValid(null)).isFalse();
    }

    @Test
    void longestNameIsAccepted() {
        String name = nameOfLength(253);
        assertThat(name).hasSize(253);
        assertThat(DomainName.parse(name).value()).isEqualTo(name);
        assertThat(DomainName.parse("a".repeat(63) + ".example").value()).startsWith("a".repeat(63));
    }

    @Test
    void constructorAcceptsOnlyTheCanonicalForm() {
        assertThat(new DomainName("example.net").value()).isEqualTo("example.net");
        assertThatThrownBy(() -> new DomainName("Example.net"))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageContaining("not lower-case");
        assertThatThrownBy(() -> new DomainName("example.net."))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageContaining("empty label");
        assertThatThrownBy(() -> new DomainName("bücher.example"))
                .isInstanceOf(InvalidDomainNameException.class);
        assertThatThrownBy(() -> new DomainName(null))
                .isInstanceOf(InvalidDomainNameException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void messageShowsControlCharactersAsQuestionMarksAndCutsLongInput() {
        assertThatThrownBy(() -> DomainName.parse("bad\u0000name.example"))
                .hasMessageContaining("'bad?name.example'");
        String longInput = "x_".repeat(100);
        assertThatThrownBy(() -> DomainName.parse(longInput)).hasMessageContaining("...");
    }

    @Test
    void isWithin() {
        DomainName parent = DomainName.parse("example.net");
        assertThat(DomainName.parse("example.net").isWithin(parent)).isTrue();
        assertThat(DomainName.parse("mail.example.net").isWithin(parent)).isTrue();
        assertThat(DomainName.parse("a.b.example.net").isWithin(parent)).isTrue();
        assertThat(DomainName.parse("badexample.net").isWithin(parent)).isFalse();
        assertThat(DomainName.parse("example.org").isWithin(parent)).isFalse();
        assertThat(parent.isWithin(DomainName.parse("mail.example.net"))).isFalse();
    }

    @Test
    void ordersByValue() {
        List<DomainName> names = new ArrayList<>(List.of(DomainName.parse("b.example"), DomainName.parse("a.example"),
                DomainName.parse("a.example")));
        names.sort(null);
        assertThat(names).extracting(DomainName::value).containsExactly("a.example", "a.example", "b.example");
        assertThat(DomainName.parse("A.example")).isEqualTo(DomainName.parse("a.example"))
                .hasSameHashCodeAs(DomainName.parse("a.example"));
    }

    @Test
    void jsonIsAPlainStringAndReadingIsLenient() {
        assertThat(Json.writeString(DomainName.parse("Bücher.Example"))).isEqualTo("\"xn--bcher-kva.example\"");
        assertThat(Json.read("\"Bücher.Example.\"", DomainName.class)).isEqualTo(DomainName.parse("bücher.example"));
    }

    @Test
    void keySerdeWritesAscii() {
        DomainNameSerde serde = new DomainNameSerde();
        DomainName d = DomainName.parse("bücher.example");
        byte[] bytes = serde.serializer().serialize("t", d);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("xn--bcher-kva.example");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(d);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserialize("t", "Upper.Example".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidDomainNameException.class);
    }

    /** Labels of up to 63 'a' joined by dots, exactly {@code length} characters long. */
    static String nameOfLength(int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append("a".repeat(Math.min(63, length - b.length())));
        }
        return b.toString();
    }
}
