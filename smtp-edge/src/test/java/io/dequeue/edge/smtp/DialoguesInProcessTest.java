package io.dequeue.edge.smtp;

import io.dequeue.smtp.script.DialogueScript;
import io.dequeue.smtp.script.InMemoryScriptConnection;
import io.dequeue.smtp.script.ScriptRunner;
import io.dequeue.smtp.server.InMemoryTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script of src/test/resources/dialogues/smtp against an in-process session with the edge's
 * policy (in-memory gateways, usage and store, a fake clock). The same scripts run over TCP against
 * the running edge in {@link DialoguesOverTcpTest}.
 */
class DialoguesInProcessTest {

    static List<Path> scripts() throws Exception {
        return EdgeHarness.scripts();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runs(Path file) throws Exception {
        DialogueScript script = DialogueScript.load(file);
        Assumptions.assumeFalse(EdgeHarness.on(script, "tcp-only"), "needs a socket (PROXY protocol)");
        FakeStore store = new FakeStore();
        MemoryBudget budget = new MemoryBudget(1L << 30);
        SmtpServices services = EdgeHarness.services(store, budget, new SimpleMeterRegistry());
        InMemoryTransport transport = new InMemoryTransport();
        EdgeHarness.start(transport, EdgeHarness.settingsFor(EdgeHarness.baseSettings(), script), services);

        ScriptRunner.run(script, new InMemoryScriptConnection(transport)).orThrow();

        EdgeHarness.checkStored(script, store.stored);
        org.assertj.core.api.Assertions.assertThat(budget.used()).as("message memory released").isZero();
    }
}
