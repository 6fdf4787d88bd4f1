package io.dequeue.fetch.daemon;

import io.dequeue.fetch.AuthMechanism;
import io.dequeue.fetch.HostPort;
import io.dequeue.fetch.UpstreamTls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigReaderTest {
    @TempDir
    Path dir;
    private Path pw;
    private final ConfigReader reader = new ConfigReader(Map.of("ETRN_PW", "s3cret-env"));

    @BeforeEach
    void passwordFile() throws Exception {
        pw = dir.resolve("odmr.pw");
        Files.writeString(pw, "s3cret-file\n");
    }

    private DaemonConfig read(String yaml) throws ConfigException {
        return reader.read("daemon.yaml", new StringReader(yaml));
    }

    private String odmr(String extra) {
        return """
                upstreams:
                  - name: main
                    mode: odmr
                    server: odmr.example.net:366
                    user: example.com
                    password-file: %s
                    deliver-to: 127.0.0.1:25
                """.formatted(pw) + extra;
    }

    private String error(String yaml) {
        try {
            read(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aFullConfigurationWithBothModes() throws Exception {
        DaemonConfig c = read("""
                metrics:
                  listen: 127.0.0.1:9464
                stop-grace: 2m
                upstreams:
                  - name: main
                    mode: odmr
                    server: odmr.example.net:366
                    tls: implicit
                    ca-file: %1$s
                    user: example.com
                    password-file: %1$s
                    auth: plain
                    domains: [example.com, example.org]
                    deliver-to: "[::1]:2525"
                    lmtp: true
                    helo: mx.example.com
                    timeout: 90
                    interval: 10m
                    jitter: 1m
                    backoff-initial: 30s
                    backoff-max: 2h
                  - name: backup.etrn
                    mode: ETRN
                    server: mx.provider.net:25
                    user: example.com
                    password-env: ETRN_PW
                    domains: example.com
                    at: yes
                """.formatted(pw));

        assertThat(c.metricsListen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
        assertThat(c.stopGrace()).isEqualTo(Duration.ofMinutes(2));
        UpstreamConfig m = c.upstreams().get(0);
        assertThat(m.mode()).isEqualTo(UpstreamConfig.Mode.ODMR);
        assertThat(m.server()).isEqualTo(new HostPort("odmr.example.net", 366));
        assertThat(m.tls()).isEqualTo(UpstreamTls.IMPLICIT);
        assertThat(m.caFile()).isEqualTo(pw);
        assertThat(m.auth()).isEqualTo(AuthMechanism.PLAIN);
        assertThat(m.domains()).containsExactly("example.com", "example.org");
        assertThat(m.deliverTo()).isEqualTo(new HostPort("::1", 2525));
        assertThat(m.lmtp()).isTrue();
        assertThat(m.helo()).isEqualTo("mx.example.com");
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.schedule()).isEqualTo(new ScheduleSettings(Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofSeconds(30), Duration.ofHours(2)));
        assertThat(m.password().read(Map.of())).isEqualTo("s3cret-file".getBytes(StandardCharsets.UTF_8));
        UpstreamConfig e = c.upstreams().get(1);
        assertThat(e.mode()).isEqualTo(UpstreamConfig.Mode.ETRN);
        assertThat(e.domains()).containsExactly("example.com");
        assertThat(e.at()).isTrue();
        assertThat(e.deliverTo()).isNull();
        assertThat(e.schedule()).isEqualTo(ScheduleSettings.DEFAULTS);
        assertThat(e.password().read(Map.of("ETRN_PW", "s3cret-env"))).isEqualTo("s3cret-env".getBytes(StandardCharsets.UTF_8));
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void anUnknownSettingIsNamedWithItsLineAndColumn() {
        assertThat(error(odmr("    intervall: 5m\n")))
                .startsWith("daemon.yaml:8:5: upstreams[0].intervall: unknown setting 'intervall' (known here: at, auth,");
    }

    @Test
    void anInlinePasswordIsRefusedWithoutRepeatingIt() {
        String msg = error(odmr("    password: hunter2-secret\n"));
        assertThat(msg).startsWith("daemon.yaml:8:5: upstreams[0].password: a password is not accepted in the configuration"
                + " file; use password-file").doesNotContain("hunter2");
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike() {
        assertThat(error(odmr("    interval: five minutes\n")))
                .isEqualTo("daemon.yaml:8:15: upstreams[0].interval: 'five minutes' is not a duration (e.g. 500ms, 30s, 5m,"
                        + " 1h, or ISO-8601 PT5M; a bare number is seconds)");
        assertThat(error(odmr("    interval: 0s\n"))).isEqualTo("daemon.yaml:8:15: upstreams[0].interval: 0s is too short (at least 1.000s)");
        assertThat(error(odmr("    interval: PT10M\n    backoff-initial: 2m\n    backoff-max: 1m\n")))
                .isEqualTo("daemon.yaml:10:18: upstreams[0].backoff-max: backoff-max (1m00s) is shorter than backoff-initial (2m00s)");
    }

    @Test
    void requiredSettingsPerMode() {
        assertThat(error("upstreams:\n  - name: a\n    mode: odmr\n    server: h:366\n    user: u\n    password-env: ETRN_PW\n"))
                .isEqualTo("daemon.yaml:2:5: upstreams[0]: 'deliver-to' is required");
        assertThat(error("upstreams:\n  - name: a\n    mode: odmr\n    server: h:366\n    deliver-to: h:25\n"))
                .isEqualTo("daemon.yaml:2:5: upstreams[0]: 'user' is required for mode odmr (the login of the ODMR server)");
        assertThat(error("upstreams:\n  - name: a\n    mode: etrn\n    server: h:25\n"))
                .isEqualTo("daemon.yaml:2:5: upstreams[0]: 'domains' is required for mode etrn (the domains to start the queue for)");
        assertThat(error("upstreams:\n  - name: a\n    mode: etrn\n    server: h:25\n    domains: [x.test]\n    user: u\n"))
                .isEqualTo("daemon.yaml:2:5: upstreams[0]: 'user' needs a password: password-file or password-env");
        assertThat(error("upstreams:\n  - mode: etrn\n")).isEqualTo("daemon.yaml:2:5: upstreams[0]: 'name' is required");
        assertThat(error("upstreams:\n  - name: a\n    mode: pop3\n"))
                .isEqualTo("daemon.yaml:3:11: upstreams[0].mode: 'pop3' is not one of odmr, etrn");
    }

    @Test
    void settingsOfTheOtherModeAreRefused() {
        assertThat(error(odmr("    at: true\n"))).isEqualTo("daemon.yaml:8:9: upstreams[0].at: only for mode etrn");
        assertThat(error("upstreams:\n  - name: a\n    mode: etrn\n    server: h:25\n    domains: [x.test]\n    deliver-to: h:25\n"))
                .isEqualTo("daemon.yaml:6:17: upstreams[0].deliver-to: only for mode odmr");
    }

    @Test
    void valuesOfTheWrongForm() {
        assertThat(error(odmr("    tls: ssl\n"))).isEqualTo("daemon.yaml:8:10: upstreams[0].tls: 'ssl' is not one of starttls, implicit, none");
        assertThat(error(odmr("    lmtp: maybe\n"))).isEqualTo("daemon.yaml:8:11: upstreams[0].lmtp: 'maybe' is not true or false");
        assertThat(error(odmr("    domains: [ok.test, 'not a domain']\n")))
                .isEqualTo("daemon.yaml:8:14: upstreams[0].domains: 'not a domain' is not a domain name");
        assertThat(error(odmr("    pin-sha256: abcd\n")))
                .isEqualTo("daemon.yaml:8:17: upstreams[0].pin-sha256: not a SHA-256 in hex (64 hex digits, colons allowed)");
        assertThat(error(odmr("").replace("odmr.example.net:366", "odmr.example.net")))
                .startsWith("daemon.yaml:4:13: upstreams[0].server: 'odmr.example.net' is not host:port");
        assertThat(error(odmr("").replace("127.0.0.1:25", "127.0.0.1:70000")))
                .startsWith("daemon.yaml:7:17: upstreams[0].deliver-to: '127.0.0.1:70000' is not host:port");
        assertThat(error(odmr("    domains: {a: b}\n"))).isEqualTo("daemon.yaml:8:14: upstreams[0].domains: expected a list, found a mapping");
    }

    @Test
    void passwordsMustBeThereAtStart() {
        assertThat(error(odmr("").replace(pw.toString(), dir.resolve("missing.pw").toString())))
                .isEqualTo("daemon.yaml:6:20: upstreams[0].password-file: no such file: " + dir.resolve("missing.pw"));
        assertThat(error(odmr("").replace("password-file: " + pw, "password-env: NOT_SET_ANYWHERE")))
                .isEqualTo("daemon.yaml:6:19: upstreams[0].password-env: environment variable NOT_SET_ANYWHERE is not set or empty");
        assertThat(error(odmr("    password-env: ETRN_PW\n")))
                .isEqualTo("daemon.yaml:8:19: upstreams[0].password-env: give password-file or password-env, not both");
        assertThat(error(odmr("").replace("password-file: " + pw, "password-env: my secret")))
                .startsWith("daemon.yaml:6:19: upstreams[0].password-env: 'my secret' is not the name of an environment variable");
    }

    @Test
    void namesAreUniqueAndTheListIsNotEmpty() {
        String one = odmr("");
        String two = one + one.substring(one.indexOf("  - name"));
        assertThat(error(two)).isEqualTo("daemon.yaml:8:5: upstreams[1]: the name 'main' is used by another upstream; names must be unique");
        assertThat(error("upstreams: []\n")).isEqualTo("daemon.yaml:1:12: upstreams: the list is empty; at least one upstream is needed");
        assertThat(error("metrics:\n  listen: 127.0.0.1:9464\n")).isEqualTo("daemon.yaml:1:1: (top level): 'upstreams' is required: a list of at least one upstream");
    }

    @Test
    void brokenYamlDuplicateKeysAndEmptyFiles() {
        assertThat(error(odmr("    interval: [5m\n"))).startsWith("daemon.yaml:9:1: not valid YAML: ");
        assertThat(error(odmr("    server: other:366\n"))).isEqualTo("daemon.yaml:8:5: upstreams[0].server: 'server' is given twice");
        assertThat(error("")).isEqualTo("daemon.yaml: the file is empty; it needs at least 'upstreams:'");
        assertThat(error("- a\n- b\n")).isEqualTo("daemon.yaml:1:1: (top level): expected a mapping of settings (key: value), found a list");
        assertThat(error("upstreams:\n  - name: a\n---\nupstreams: []\n")).startsWith("daemon.yaml:3:1: not valid YAML: ");
    }

    @Test
    void aFileThatCannotBeReadOrIsHuge() throws Exception {
        assertThatThrownBy(() -> reader.read(dir.resolve("nope.yaml")))
                .hasMessageStartingWith(dir.resolve("nope.yaml") + ": cannot be read (NoSuchFileException");
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[YamlNode.MAX_CHARS + 1]);
        assertThatThrownBy(() -> reader.read(big)).hasMessage(big + ": larger than 1048576 bytes; not a configuration file");
    }

    @Test
    void durationsInEveryAcceptedForm() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("-5s")).isNull();
        assertThat(Durations.parse("5 minutes")).isNull();
        assertThat(List.of(Durations.format(Duration.ofMillis(1234)), Durations.format(Duration.ofSeconds(303)),
                Durations.format(Duration.ofMinutes(125)))).containsExactly("1.234s", "5m03s", "2h05m");
    }
}
