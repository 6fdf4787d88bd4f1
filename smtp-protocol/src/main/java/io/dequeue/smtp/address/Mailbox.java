package io.dequeue.smtp.address;

import java.util.Locale;
import java.util.Objects;

/**
 * A validated RFC 5321 mailbox. The local part is kept in its wire form (a dot-string, or a
 * quoted string with its quotes) and its case; the domain is a domain name or an address literal
 * as the client wrote it. {@link #lowerCaseDomain()} is the form to use as a key.
 */
public record Mailbox(String localPart, String domain) {

    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /** Parses {@code local@domain} (no angle brackets); see {@link Paths} for paths. */
    public static Mailbox parse(String address) {
        return Paths.parseMailbox(address);
    }

    public String lowerCaseDomain() {
        return domain.toLowerCase(Locale.ROOT);
    }

    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    public boolean isQuoted() {
        return localPart.startsWith("\"");
    }

    /** The local part with quoting and backslash escapes removed. */
    public String localPartValue() {
        if (!isQuoted()) {
            return localPart;
        }
        StringBuilder sb = new StringBuilder(localPart.length());
        for (int i = 1; i < localPart.length() - 1; i++) {
            char c = localPart.charAt(i);
            if (c == '\\') {
                c = localPart.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** {@code local@domain}. */
    public String address() {
        return localPart + "@" + domain;
    }

    /** {@code <local@domain>}. */
    public String path() {
        return "<" + address() + ">";
    }

    @Override
    public String toString() {
        return address();
    }
}
