package io.dequeue.smtp.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.server.InMemoryTransport;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SmtpServerSession;
import io.dequeue.smtp.server.TestPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DialogueScriptTest {

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of("C: EHLO x", DialogueScript.Send.class),
                Arguments.of("C:", DialogueScript.Send.class),
                Arguments.of("B: a\\r\\n.\\n", DialogueScript.Send.class),
                Arguments.of("S: 250 ", DialogueScript.ExpectPrefix.class),
                Arguments.of("S~ 25[0-9] .*", DialogueScript.ExpectRegex.class),
                Arguments.of("S* 250", DialogueScript.ExpectReply.class),
                Arguments.of("!noreply", DialogueScript.ExpectNoReply.class),
                Arguments.of("!closed", DialogueScript.ExpectClosed.class),
                Arguments.of("!wait 10", DialogueScript.Wait.class));
    }

    @ParameterizedTest
    @MethodSource("steps")
    void parsesEachStepKind(String line, Class<?> type) {
        DialogueScript s = DialogueScript.parse("t", "# comment\n\n" + line + "\n");
        assertThat(s.steps()).hasSize(1);
        assertThat(s.steps().get(0)).isInstanceOf(type);
        assertThat(s.steps().get(0).line()).isEqualTo(3);
    }

    @Test
    void sendLinesGetCrLfAndRawBytesDoNot() {
        DialogueScript s = DialogueScript.parse("t", "C: NOOP\nB: \\0.\\r\n@mode odmr\n");
        assertThat(((DialogueScript.Send) s.steps().get(0)).bytes()).isEqualTo("NOOP\r\n".getBytes());
        assertThat(((DialogueScript.Send) s.steps().get(1)).bytes()).isEqualTo(new byte[] {0, '.', '\r'});
        assertThat(s.meta("mode", "smtp")).isEqualTo("odmr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X: what", "S~ [unclosed", "!wait soon", "B: \\q", "noprefix"})
    void rejectsMalformedLines(String line) {
        assertThatThrownBy(() -> DialogueScript.parse("bad.txt", "S: 220\n" + line))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.txt:2");
    }

    private static ScriptRunner.Result run(String text) {
        InMemoryTransport t = new InMemoryTransport();
        new SmtpServerSession(t, ServerConfig.smtp().withHostname("gw.example"), new TestPolicy()).start();
        return ScriptRunner.run(DialogueScript.parse("t.txt", text), new InMemoryScriptConnection(t));
    }

    @Test
    void reportsTheFirstMismatchWithItsLine() {
        ScriptRunner.Result r = run("S: 220\nC: NOOP\nS: 251\n");
        assertThat(r.passed()).isFalse();
        assertThat(r.failure()).startsWith("line 3: expected a line starting with '251', got '250 2.0.0 Ok'");
        assertThat(r.transcript()).containsExactly("S: 220 gw.example ESMTP Dequeue", "C: NOOP\\r\\n", "S: 250 2.0.0 Ok");
        assertThatThrownBy(r::orThrow).isInstanceOf(AssertionError.class).hasMessageContaining("transcript");
    }

    @Test
    void missingReplyAndUnexpectedReplyAndClosed() {
        assertThat(run("S: 220\nS: 250\n").failure()).contains("no reply");
        assertThat(run("S: 220\nC: NOOP\n!noreply\n").failure()).contains("expected no reply, got '250 2.0.0 Ok'");
        assertThat(run("S: 220\n!closed\n").failure()).contains("still open");
        assertThat(run("S: 220\nC: QUIT\nS: 221\n!closed\n").passed()).isTrue();
        assertThat(run("S: 220\nC: QUIT\nS: 221\nS: 250\n").failure()).contains("the connection closed");
        assertThat(run("S~ 220 gw\\.example .*\nC: EHLO a.example\nS* 250\nS~ x\n").failure()).contains("no reply");
    }
}
