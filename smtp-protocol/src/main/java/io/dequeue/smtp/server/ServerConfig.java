package io.dequeue.smtp.server;

import io.dequeue.smtp.sasl.SaslServerMechanism;
import io.dequeue.smtp.wire.DataReader;
import io.dequeue.smtp.wire.LineFramer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one listener's sessions. Build with {@link #smtp()} / {@link #odmr()} and the
 * {@code with...} methods; every value has a safe default.
 *
 * @param hostname            name in the greeting, EHLO reply and CRAM-MD5 challenges
 * @param mode                SMTP (mail in, ETRN) or ODMR (AUTH + ATRN only)
 * @param maxCommandLine      command line limit with CR LF (512; up to 2048 for extensions)
 * @param maxAuthLine         SASL response line limit with CR LF (12288)
 * @param maxMessageSize      SIZE limit in octets, advertised and enforced
 * @param maxRecipients       recipients per transaction; past it {@code 452 4.5.3}
 * @param maxTextLineLength   text line limit in bodies with CR LF (1000); a longer line gets {@code 500 5.5.6}
 *                            after the data (0 = not checked)
 * @param bareLineEndings     REJECT ({@code 550 5.5.2}) or NORMALIZE bodies with bare CR / LF
 * @param greetingDelay       wait before the greeting; input seen meanwhile drops the client
 * @param idleTimeout         no input for this long: {@code 421 4.4.2} and close
 * @param sessionTimeout      total session cap: {@code 421 4.4.2} and close
 * @param tlsEnabled          offer STARTTLS (needs a transport that can upgrade)
 * @param allowInsecureAuth   offer PLAIN/LOGIN without TLS (local use only)
 * @param authMechanisms      SASL mechanisms offered, in advertising order
 * @param etrnEnabled         accept ETRN (SMTP mode)
 * @param atrnEnabled         accept ATRN (ODMR mode)
 * @param dsnEnabled          advertise DSN and accept its parameters
 * @param maxAuthFailures     failed AUTH attempts before {@code 421 4.7.0} and close
 * @param maxErrors           syntax / sequence errors and refused RCPT / ETRN before {@code 421 4.7.0} and close
 * @param maxJunkCommands     NOOP, HELP, RSET, VRFY and refused RCPT / ETRN / AUTH before {@code 421 4.7.0}
 *                            and close (like Postfix's smtpd_junk_command_limit); an accepted message
 *                            starts the count anew
 */
public record ServerConfig(
        String hostname,
        Mode mode,
        int maxCommandLine,
        int maxAuthLine,
        long maxMessageSize,
        int maxRecipients,
        int maxTextLineLength,
        DataReader.BareLineEndingPolicy bareLineEndings,
        Duration greetingDelay,
        Duration idleTimeout,
        Duration sessionTimeout,
        boolean tlsEnabled,
        boolean allowInsecureAuth,
        List<String> authMechanisms,
        boolean etrnEnabled,
        boolean atrnEnabled,
        boolean dsnEnabled,
        int maxAuthFailures,
        int maxErrors,
        int maxJunkCommands) {

    /** What the listener is for. */
    public enum Mode {
        /** Port 25/587 style: mail in, ETRN; no ATRN. */
        SMTP,
        /** Port 366 (RFC 2645): EHLO, AUTH, ATRN; MAIL, RCPT, DATA, VRFY, EXPN, ETRN, TURN get 502. */
        ODMR
    }

    public ServerConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bareLineEndings, "bareLineEndings");
        Objects.requireNonNull(greetingDelay, "greetingDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        authMechanisms = List.copyOf(authMechanisms);
        for (String m : authMechanisms) {
            if (!SaslServerMechanism.SUPPORTED.contains(m)) {
                throw new IllegalArgumentException("unsupported SASL mechanism " + m);
            }
        }
        if (maxCommandLine < LineFramer.COMMAND_LINE_LIMIT || maxCommandLine > LineFramer.EXTENDED_COMMAND_LINE_LIMIT) {
            throw new IllegalArgumentException("maxCommandLine must be 512..2048");
        }
        if (maxAuthLine < maxCommandLine) {
            throw new IllegalArgumentException("maxAuthLine below maxCommandLine");
        }
        if (maxRecipients < 1 || maxMessageSize < 0 || maxAuthFailures < 1 || maxErrors < 1 || maxJunkCommands < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Defaults for the SMTP port: ETRN on, DSN on, 20 MiB, 100 recipients, 5 min idle, 20 errors, 100 junk commands. */
    public static ServerConfig smtp() {
        return new ServerConfig("localhost", Mode.SMTP, LineFramer.COMMAND_LINE_LIMIT, LineFramer.AUTH_LINE_LIMIT,
                20L * 1024 * 1024, 100, DataReader.TEXT_LINE_LIMIT, DataReader.BareLineEndingPolicy.REJECT,
                Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(30), false, false,
                SaslServerMechanism.SUPPORTED, true, false, true, 3, 20, 100);
    }

    /** Defaults for the ODMR port: ATRN on, ETRN off, CRAM-MD5 first. */
    public static ServerConfig odmr() {
        return smtp().withMode(Mode.ODMR).withEtrn(false).withAtrn(true).withDsn(false);
    }

    public ServerConfig withHostname(String v) {
        return new ServerConfig(v, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMode(Mode v) {
        return new ServerConfig(hostname, v, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxCommandLine(int v) {
        return new ServerConfig(hostname, mode, v, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxMessageSize(long v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, v, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxRecipients(int v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, v, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxTextLineLength(int v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, v,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withBareLineEndings(DataReader.BareLineEndingPolicy v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                v, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withGreetingDelay(Duration v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, v, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withIdleTimeout(Duration v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, v, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withSessionTimeout(Duration v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, v, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withTls(boolean v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, v, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withInsecureAuth(boolean v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, v, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withAuthMechanisms(List<String> v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, v,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withEtrn(boolean v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                v, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withAtrn(boolean v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, v, dsnEnabled, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withDsn(boolean v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, v, maxAuthFailures, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxAuthFailures(int v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, v, maxErrors, maxJunkCommands);
    }

    public ServerConfig withMaxErrors(int v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, v, maxJunkCommands);
    }

    public ServerConfig withMaxJunkCommands(int v) {
        return new ServerConfig(hostname, mode, maxCommandLine, maxAuthLine, maxMessageSize, maxRecipients, maxTextLineLength,
                bareLineEndings, greetingDelay, idleTimeout, sessionTimeout, tlsEnabled, allowInsecureAuth, authMechanisms,
                etrnEnabled, atrnEnabled, dsnEnabled, maxAuthFailures, maxErrors, v);
    }
}
