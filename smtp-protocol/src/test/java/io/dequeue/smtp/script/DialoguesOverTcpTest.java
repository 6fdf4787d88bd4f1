package io.dequeue.smtp.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.server.NetSocketTransport;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SmtpServerSession;
import io.dequeue.smtp.server.TestPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same scripts over real TCP: a Vert.x NetServer on loopback, sessions on NetSocketTransport,
 * the client a blocking socket. Scripts that need in-process TLS or a fake clock are skipped.
 */
class DialoguesOverTcpTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Stream<Path> scripts() throws Exception {
        return DialoguesInProcessTest.scripts();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runsOverTcp(Path file) throws Exception {
        DialogueScript script = DialogueScript.load(file);
        if (ScriptHarness.on(script, "inprocess-only")
                || script.steps().stream().anyMatch(s -> s instanceof DialogueScript.Wait)) {
            return;
        }
        ServerConfig config = ScriptHarness.config(script);
        TestPolicy policy = new TestPolicy();
        NetServer server = vertx.createNetServer()
                .connectHandler(socket -> new SmtpServerSession(new NetSocketTransport(vertx, socket, false), config, policy).start());
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        try (SocketScriptConnection c = new SocketScriptConnection("127.0.0.1", port, Duration.ofSeconds(5), Duration.ofMillis(100))) {
            ScriptRunner.run(script, c).orThrow();
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String expected = script.meta("expect-messages", null);
        if (expected != null) {
            assertThat(policy.messages).hasSize(Integer.parseInt(expected));
        }
    }
}
