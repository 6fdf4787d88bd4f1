package io.dequeue.fetch;

import io.dequeue.smtp.address.Domains;

import java.util.List;
import java.util.Objects;

/**
 * An ETRN request (RFC 1985).
 *
 * @param upstream the server; AUTH only when a user is given
 * @param domains  at least one domain; one {@code ETRN} command each
 * @param at       send {@code ETRN @domain} (the domain and its subdomains) instead of {@code ETRN domain}
 */
public record EtrnOptions(UpstreamOptions upstream, List<String> domains, boolean at) {

    public EtrnOptions {
        Objects.requireNonNull(upstream, "upstream");
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** @throws FetchException {@link ExitStatus#USAGE} when the options cannot work */
    public void validate() throws FetchException {
        upstream.validate();
        if (domains.isEmpty()) {
            throw new FetchException(ExitStatus.USAGE, "ETRN needs at least one --domain");
        }
        for (String d : domains) {
            if (!Domains.isDomain(d)) {
                throw new FetchException(ExitStatus.USAGE, "not a domain name: " + d);
            }
        }
    }
}
