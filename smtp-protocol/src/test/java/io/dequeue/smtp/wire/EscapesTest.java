package io.dequeue.smtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EscapesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\r\\nb|97,13,10,98",
        "\\0\\t\\\\|0,9,92",
        "\\x00\\xFf|0,255",
        "\\n.\\n|10,46,10"})
    void unescapes(String text, String bytes) {
        String[] parts = bytes.split(",");
        byte[] expected = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            expected[i] = (byte) Integer.parseInt(parts[i]);
        }
        assertThat(Escapes.unescape(text)).isEqualTo(expected);
        assertThat(Escapes.unescape(Escapes.escape(expected))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void charactersBeyondLatin1AreUtf8() {
        assertThat(Escapes.unescape("\u20ac\ud83d\ude00")).isEqualTo("\u20ac\ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "\\q", "\\x", "\\x1", "\\xzz"})
    void rejectsBadEscapes(String text) {
        assertThatThrownBy(() -> Escapes.unescape(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
