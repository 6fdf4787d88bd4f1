package io.dequeue.smtp.dsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DsnTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user@example.net|user@example.net",
        "a+b=c|a+2Bb+3Dc",
        "with space|with+20space",
        "tab\there|tab+09here",
        "~!|~!"})
    void xtextRoundTrip(String plain, String xtext) {
        assertThat(Xtext.encode(plain)).isEqualTo(xtext);
        assertThat(new String(Xtext.decode(xtext), StandardCharsets.UTF_8)).isEqualTo(plain);
    }

    @Test
    void xtextEncodesUtf8Bytes() {
        assertThat(Xtext.encode("\u00e9")).isEqualTo("+C3+A9");
        assertThat(Xtext.decode("+c3+a9")).isEqualTo(new byte[] {(byte) 0xc3, (byte) 0xa9});
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "a+2", "a+zz", "a=b", "a b", "caf\u00e9", "\u0001"})
    void invalidXtext(String s) {
        assertThat(Xtext.isValid(s)).isFalse();
        assertThatThrownBy(() -> Xtext.decode(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NEVER|NEVER", "never|NEVER", "SUCCESS|SUCCESS", "delay,Failure|FAILURE,DELAY", "SUCCESS,FAILURE,DELAY|SUCCESS,FAILURE,DELAY"})
    void notifyParseAndFormat(String value, String formatted) {
        assertThat(Notify.format(Notify.parse(value))).isEqualTo(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NEVER,SUCCESS", "SUCCESS,SUCCESS", "SUCCESS,", "ALWAYS", ",DELAY"})
    void notifyInvalid(String value) {
        assertThatThrownBy(() -> Notify.parse(value))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.reply()).isEqualTo(Replies.PARAM_SYNTAX));
    }

    @Test
    void notifySetShape() {
        assertThat(Notify.parse("failure,success")).isEqualTo(EnumSet.of(Notify.SUCCESS, Notify.FAILURE));
        assertThat(Notify.parse("NEVER")).isEqualTo(Set.of(Notify.NEVER));
    }

    @ParameterizedTest
    @CsvSource({"FULL,FULL", "full,FULL", "HDRS,HDRS", "Hdrs,HDRS"})
    void retValues(String v, Ret expected) {
        assertThat(Ret.parse(v)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ALL", "HEADERS"})
    void retInvalid(String v) {
        assertThatThrownBy(() -> Ret.parse(v)).isInstanceOf(ReplyException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rfc822;user@example.net|rfc822|user@example.net",
        "RFC822;a+2Bb@example.net|rfc822|a+b@example.net",
        "utf-8;caf+C3+A9@example.net|utf-8|caf\u00e9@example.net"})
    void orcpt(String value, String type, String address) {
        Orcpt o = Orcpt.parse(value);
        assertThat(o).isEqualTo(new Orcpt(type, address));
        assertThat(Orcpt.parse(o.format())).isEqualTo(o);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc822", "rfc822;", ";a@b", "rfc 822;a@b", "rfc822;a+0Ab@c", "utf-8;+FF", "rfc822;a=b"})
    void orcptInvalid(String value) {
        assertThatThrownBy(() -> Orcpt.parse(value)).isInstanceOf(ReplyException.class);
    }

    @Test
    void orcptLengthLimit() {
        assertThatThrownBy(() -> Orcpt.parse("rfc822;" + "a".repeat(500))).isInstanceOf(ReplyException.class);
    }

    @Test
    void envId() {
        assertThat(EnvId.parse("QQ314159")).isEqualTo("QQ314159");
        assertThat(EnvId.parse("a+20b")).isEqualTo("a b");
        assertThat(EnvId.format("a b+")).isEqualTo("a+20b+2B");
        assertThatThrownBy(() -> EnvId.parse("a+00")).isInstanceOf(ReplyException.class);
        assertThatThrownBy(() -> EnvId.parse("x".repeat(101))).isInstanceOf(ReplyException.class);
        assertThatThrownBy(() -> EnvId.parse("")).isInstanceOf(ReplyException.class);
    }
}
