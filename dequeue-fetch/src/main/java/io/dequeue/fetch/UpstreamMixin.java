package io.dequeue.fetch;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Command-line options shared by {@code odmr} and {@code etrn}: the upstream server and credentials. */
public final class UpstreamMixin {

    /** Environment variable holding the password when no {@code --password-file} is given. */
    public static final String PASSWORD_ENV = "DEQUEUE_FETCH_PASSWORD";

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The upstream ODMR/ETRN server.")
    String server;

    @Option(names = "--tls", defaultValue = "starttls", paramLabel = "MODE",
            description = "starttls (default), implicit or none.")
    String tls;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust these CA certificates instead of the JVM trust store.")
    Path caFile;

    @Option(names = "--pin-sha256", paramLabel = "HEX",
            description = "Accept only the server certificate with this SHA-256 (of its DER, hex); replaces chain and host name checks.")
    String pinSha256;

    @Option(names = "--user", paramLabel = "NAME", description = "SASL user name.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding the password (one line). Default: environment variable " + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(names = "--auth", defaultValue = "cram-md5", paramLabel = "MECH",
            description = "cram-md5 (default), plain or login; plain and login only under TLS.")
    String auth;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name for EHLO and the reversed session's greeting (default: this host's name).")
    String helo;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "Timeout of every read and write (default 300).")
    long timeoutSeconds;

    @Option(names = "--verbose", description = "Log the SMTP dialogue (never the password or message contents).")
    boolean verbose;

    /** The options, the password read from its file or the environment. */
    UpstreamOptions toOptions() throws FetchException {
        byte[] password = null;
        if (user != null) {
            password = readPassword();
        }
        try {
            return new UpstreamOptions(HostPort.parse(server), UpstreamTls.parse(tls), caFile, pinSha256, user, password,
                    AuthMechanism.parse(auth), helo, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new FetchException(ExitStatus.USAGE, e.getMessage());
        }
    }

    private byte[] readPassword() throws FetchException {
        if (passwordFile != null) {
            try {
                return Secrets.firstLine(Files.readAllBytes(passwordFile));
            } catch (IOException e) {
                throw new FetchException(ExitStatus.USAGE, "cannot read --password-file " + passwordFile + ": " + e.getClass().getSimpleName());
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env == null || env.isEmpty()) {
            throw new FetchException(ExitStatus.USAGE, "--user needs --password-file or " + PASSWORD_ENV);
        }
        return env.getBytes(StandardCharsets.UTF_8);
    }
}
