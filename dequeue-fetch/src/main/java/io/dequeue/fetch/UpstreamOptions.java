package io.dequeue.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How to reach and authenticate to the upstream (the ODMR or ETRN server). Filled by the command
 * line and by the daemon's configuration.
 *
 * @param server    upstream {@code host:port}
 * @param tls       STARTTLS (default), implicit TLS or none
 * @param caFile    PEM file of trusted CA certificates; null: the JVM trust store
 * @param pinSha256 hex SHA-256 of the server certificate (DER); when set it replaces chain and host
 *                  name verification; null: none
 * @param user      SASL user name; null: no AUTH (ETRN only; ODMR requires it)
 * @param password  UTF-8 password bytes (never logged); null when {@code user} is null
 * @param auth      SASL mechanism
 * @param helo      the name sent in EHLO and in the reversed session's greeting
 * @param timeout   per read or write on every connection
 */
public record UpstreamOptions(HostPort server, UpstreamTls tls, Path caFile, String pinSha256, String user,
        byte[] password, AuthMechanism auth, String helo, Duration timeout) {

    public UpstreamOptions {
        Objects.requireNonNull(server, "server");
        tls = tls == null ? UpstreamTls.STARTTLS : tls;
        auth = auth == null ? AuthMechanism.CRAM_MD5 : auth;
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        helo = helo == null || helo.isBlank() ? LocalName.get() : helo;
    }

    /** Checks what can be checked without a connection; PLAIN and LOGIN are refused without TLS. */
    public void validate() throws FetchException {
        if (user != null && (password == null)) {
            throw new FetchException(ExitStatus.USAGE, "a password is required with --user (--password-file or DEQUEUE_FETCH_PASSWORD)");
        }
        if (user != null && user.isEmpty()) {
            throw new FetchException(ExitStatus.USAGE, "empty user name");
        }
        if (user != null && auth.needsTls() && tls == UpstreamTls.NONE) {
            throw new FetchException(ExitStatus.USAGE, "AUTH " + auth.saslName()
                    + " sends the password in clear: refused without TLS (use --tls starttls|implicit or --auth cram-md5)");
        }
        if (pinSha256 != null) {
            String pin = pinSha256.replace(":", "");
            if (pin.length() != 64 || !pin.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new FetchException(ExitStatus.USAGE, "--pin-sha256 must be 64 hex digits (SHA-256 of the certificate DER)");
            }
        }
        if (pinSha256 != null && tls == UpstreamTls.NONE) {
            throw new FetchException(ExitStatus.USAGE, "--pin-sha256 needs TLS");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new FetchException(ExitStatus.USAGE, "timeout out of range");
        }
        if (!io.dequeue.smtp.address.Domains.isDomain(helo)) {
            throw new FetchException(ExitStatus.USAGE, "--helo must be a domain name: " + helo);
        }
    }

    /** The pinned fingerprint as bytes, or null. */
    public byte[] pinBytes() {
        return pinSha256 == null ? null : HexFormat.of().parseHex(pinSha256.replace(":", "").toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpstreamOptions u && server.equals(u.server) && tls == u.tls && Objects.equals(caFile, u.caFile)
                && Objects.equals(pinSha256, u.pinSha256) && Objects.equals(user, u.user)
                && Arrays.equals(password, u.password) && auth == u.auth && helo.equals(u.helo) && timeout.equals(u.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, tls, caFile, pinSha256, user, auth, helo, timeout);
    }

    @Override
    public String toString() {
        return "UpstreamOptions[server=" + server + ", tls=" + tls + ", caFile=" + caFile + ", pinSha256=" + pinSha256
                + ", user=" + user + ", password=" + (password == null ? "none" : "***") + ", auth=" + auth
                + ", helo=" + helo + ", timeout=" + timeout + "]";
    }
}
