package io.dequeue.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.dequeue.fetch.OdmrScripts.LOCAL_EHLO;
import static io.dequeue.fetch.OdmrScripts.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The command line: options, password file, exit statuses. */
class CommandLineTest {

    @TempDir
    Path dir;

    private static int run(String... args) {
        picocli.CommandLine cl = DequeueFetch.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        assertThat(run()).isEqualTo(ExitStatus.USAGE);
        assertThat(run("odmr", "--server", "127.0.0.1:1")).isEqualTo(ExitStatus.USAGE);
        assertThat(run("etrn", "--server", "127.0.0.1:1")).isEqualTo(ExitStatus.USAGE);
        assertThat(run("odmr", "--server", "nowhere", "--deliver-to", "127.0.0.1:1")).isEqualTo(ExitStatus.USAGE);
        assertThat(run("odmr", "--server", "127.0.0.1:1", "--deliver-to", "127.0.0.1:2", "--tls", "maybe"))
                .isEqualTo(ExitStatus.USAGE);
    }

    @Test
    void plainWithoutTlsIsRefusedBeforeConnecting() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        assertThat(run("odmr", "--server", "127.0.0.1:1", "--tls", "none", "--user", "alice", "--password-file", pw.toString(),
                "--auth", "plain", "--deliver-to", "127.0.0.1:2")).isEqualTo(ExitStatus.USAGE);
    }

    @Test
    void odmrPullFromTheCommandLineReadsThePasswordFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), OdmrScripts.PASSWORD + "\n");
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + "C: QUIT\nS: 221 bye\n");
             ScriptedServer up = ScriptedServer.start(LOGIN + """
                C: ATRN a.test,b.test
                S: 453 4.7.0 You have no mail
                C: QUIT
                S: 221 bye
                """)) {
            int status = run("odmr", "--server", up.address().toString(), "--tls", "none", "--user", "alice",
                    "--password-file", pw.toString(), "--domain", "a.test", "--domain", "b.test",
                    "--deliver-to", local.address().toString(), "--helo", "client.test", "--timeout", "5");
            up.assertCompleted();
            assertThat(status).isEqualTo(ExitStatus.OK);
        }
    }

    @Test
    void etrnExitStatusIsTheWorstReply() throws Exception {
        try (ScriptedServer up = ScriptedServer.start("""
                S: 220 mx.test ESMTP
                C: EHLO client.test
                S: 250 mx.test
                C: ETRN a.test
                S: 458 Unable to queue messages for node a.test
                C: QUIT
                S: 221 bye
                """)) {
            int status = run("etrn", "--server", up.address().toString(), "--tls", "none", "--domain", "a.test",
                    "--helo", "client.test", "--timeout", "5");
            up.assertCompleted();
            assertThat(status).isEqualTo(ExitStatus.UPSTREAM_TEMPORARY);
        }
    }
}
