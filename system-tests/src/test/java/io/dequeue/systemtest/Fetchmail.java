package io.dequeue.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real fetchmail, run once with a generated rc file (mode 0600), as customers run it. */
final class Fetchmail {
    static final Path BINARY = Path.of("/usr/bin/fetchmail");

    /**
     * What a run printed and how it ended. fetchmail 6.4.37 as measured here: 0 ok (also for ODMR's 453
     * "no mail"), 1 no mail, 2 the local SMTP server is unreachable, 8 busy (ODMR's 451), and 128
     * for a failed CRAM-MD5 in ODMR mode (the manual's 3 is what other protocols give).
     */
    record Result(int exitCode, String output) {
    }

    private Fetchmail() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Runs fetchmail with the given rc text and returns its exit code and output. */
    static Result run(String rc, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fetchmail-");
        Path rcFile = dir.resolve("fetchmailrc");
        Files.writeString(rcFile, rc, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(rcFile, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY.toString(), "-f", rcFile.toString(), "-v", "-v",
                "--nosyslog", "--nodetach", "-i", dir.resolve("ids").toString(), "--pidfile", dir.resolve("pid").toString()))
                .redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("FETCHMAILHOME", dir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fetchmail did not finish in " + timeout + ":\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** An rc file for ETRN with AUTH (esmtpname/esmtppassword), or without when {@code password} is null. */
    static String etrnRc(int smtpPort, String domain, String password) {
        String auth = password == null ? "" : " esmtpname \"" + domain + "\" esmtppassword \"" + password + "\"";
        return "poll 127.0.0.1 protocol ETRN service " + smtpPort + auth + " fetchdomains " + domain + "\n";
    }

    /** An rc file for ODMR relaying into {@code smtpHostPort} (127.0.0.1). */
    static String odmrRc(int odmrPort, String login, String password, String domains, int smtpHostPort, boolean ssl) {
        return "poll 127.0.0.1 protocol ODMR service " + odmrPort + " user \"" + login + "\" password \"" + password
                + "\" fetchdomains " + domains + " smtphost 127.0.0.1/" + smtpHostPort + (ssl ? " ssl no sslcertck" : "") + "\n";
    }
}
