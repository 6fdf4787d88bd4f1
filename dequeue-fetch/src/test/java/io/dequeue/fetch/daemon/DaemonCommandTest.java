package io.dequeue.fetch.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's start-up checks: exit 2 with one precise line, before any connection. */
class DaemonCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new DaemonCommand(env, new PrintStream(err, true, StandardCharsets.UTF_8)));
        cl.setExitCodeExceptionMapper(e -> 2);
        return cl.execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aConfigurationErrorExits2WithTheReason() throws Exception {
        Path cfg = dir.resolve("d.yaml");
        Files.writeString(cfg, "upstreams:\n  - name: a\n    mode: etrn\n    server: h:25\n    domains: [x.test]\n    jitter: soon\n");

        assertThat(run(Map.of(), "--config", cfg.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("dequeue-fetch daemon: " + cfg + ":6:13: upstreams[0].jitter: 'soon' is not a duration"
                + " (e.g. 500ms, 30s, 5m, 1h, or ISO-8601 PT5M; a bare number is seconds)" + System.lineSeparator());
    }

    @Test
    void aMissingFileExits2() {
        assertThat(run(Map.of(), "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err()).startsWith("dequeue-fetch daemon: " + dir.resolve("none.yaml") + ": cannot be read");
    }

    @Test
    void optionsTheClientRefusesAreFoundAtStartToo() throws Exception {
        // PLAIN sends the password in clear: refused without TLS, as on the command line
        Path cfg = dir.resolve("d.yaml");
        Files.writeString(cfg, "upstreams:\n  - name: a\n    mode: odmr\n    server: h:366\n    tls: none\n    auth: plain\n"
                + "    user: u\n    password-env: PW\n    deliver-to: 127.0.0.1:25\n");

        assertThat(run(Map.of("PW", "secret-value"), "--config", cfg.toString())).isEqualTo(2);
        assertThat(err()).startsWith("dequeue-fetch daemon: " + cfg + ": upstream 'a': AUTH PLAIN sends the password in clear")
                .doesNotContain("secret-value");
    }

    @Test
    void checkOnlyReadsAndValidates() throws Exception {
        Path cfg = dir.resolve("d.yaml");
        Files.writeString(cfg, "upstreams:\n  - name: a\n    mode: etrn\n    server: h:25\n    domains: [x.test]\n"
                + "  - name: b\n    mode: odmr\n    server: h:366\n    user: u\n    password-env: PW\n    deliver-to: 127.0.0.1:25\n");

        assertThat(run(Map.of("PW", "secret-value"), "--config", cfg.toString(), "--check")).isEqualTo(0);
        assertThat(err()).contains("2 upstream(s), configuration usable").doesNotContain("secret-value");
    }

    @Test
    void withoutConfigItIsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(2);
    }
}
