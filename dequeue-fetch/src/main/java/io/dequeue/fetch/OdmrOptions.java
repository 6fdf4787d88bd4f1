package io.dequeue.fetch;

import io.dequeue.smtp.address.Domains;

import java.util.List;
import java.util.Objects;

/**
 * An ODMR pull.
 *
 * @param upstream  the ODMR server and credentials (a user is required)
 * @param domains   the domains to ask for in ATRN; empty: every domain of the account
 * @param deliverTo the local mail server
 * @param lmtp      speak LMTP to the local server (LHLO; one reply per recipient after DATA)
 */
public record OdmrOptions(UpstreamOptions upstream, List<String> domains, HostPort deliverTo, boolean lmtp) {

    /** RFC 2645 allows a list; the server side of Dequeue takes at most this many. */
    public static final int MAX_DOMAINS = 100;

    public OdmrOptions {
        Objects.requireNonNull(upstream, "upstream");
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** @throws FetchException {@link ExitStatus#USAGE} when the options cannot work */
    public void validate() throws FetchException {
        upstream.validate();
        if (upstream.user() == null) {
            throw new FetchException(ExitStatus.USAGE, "ODMR needs --user and a password (RFC 2645: ATRN requires AUTH)");
        }
        if (deliverTo == null) {
            throw new FetchException(ExitStatus.USAGE, "--deliver-to host:port is required");
        }
        if (domains.size() > MAX_DOMAINS) {
            throw new FetchException(ExitStatus.USAGE, "at most " + MAX_DOMAINS + " domains in one ATRN");
        }
        for (String d : domains) {
            if (!Domains.isDomain(d)) {
                throw new FetchException(ExitStatus.USAGE, "not a domain name: " + d);
            }
        }
    }
}
