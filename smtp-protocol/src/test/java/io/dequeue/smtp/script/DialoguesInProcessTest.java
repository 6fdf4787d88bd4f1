package io.dequeue.smtp.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.server.InMemoryTransport;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SmtpServerSession;
import io.dequeue.smtp.server.TestPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script of src/test/resources/dialogues against an in-memory session. */
class DialoguesInProcessTest {

    static Stream<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(DialoguesInProcessTest.class.getResource("/dialogues").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runs(Path file) throws IOException {
        DialogueScript script = DialogueScript.load(file);
        ServerConfig config = ScriptHarness.config(script);
        InMemoryTransport transport = new InMemoryTransport();
        transport.setTlsAvailable(config.tlsEnabled());
        TestPolicy policy = new TestPolicy();
        new SmtpServerSession(transport, config, policy).start();

        ScriptRunner.run(script, new InMemoryScriptConnection(transport)).orThrow();

        String expected = script.meta("expect-messages", null);
        if (expected != null) {
            assertThat(policy.messages).hasSize(Integer.parseInt(expected));
            for (TestPolicy.Held m : policy.messages) {
                assertThat(m.envelope().recipients()).hasSize(1);
                assertThat(m.envelope().reversePath().address()).isEqualTo("sender@remote.example");
            }
        }
    }
}
