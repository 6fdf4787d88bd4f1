package io.dequeue.delivery.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred
 * @param host       the exchange, lower-case without the trailing dot; empty for the null MX "."
 */
public record MxRecord(int preference, String host) {

    public MxRecord {
        Objects.requireNonNull(host, "host");
        host = canonical(host);
    }

    /** RFC 7505: preference 0 and exchange "." says the domain accepts no mail. */
    public boolean isNullMx() {
        return host.isEmpty();
    }

    /** Lower-case, without a trailing dot ("." becomes empty). */
    public static String canonical(String name) {
        String h = name.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
