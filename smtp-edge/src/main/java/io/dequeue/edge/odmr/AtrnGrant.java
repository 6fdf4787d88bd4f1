package io.dequeue.edge.odmr;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.AtrnAnswer;

import java.time.Instant;
import java.util.Objects;

/**
 * queue-service's grant of one domain to an ATRN session: its messages follow on this edge's reply
 * partition, each naming the release id.
 *
 * @param domain the granted domain
 * @param releaseId the grant's release id, named in every outcome
 * @param leaseDeadline when the grant lapses unless outcomes renew it
 * @param messages how many messages queue-service announced
 */
public record AtrnGrant(DomainName domain, String releaseId, Instant leaseDeadline, int messages) {
    public AtrnGrant {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(releaseId, "releaseId");
        if (messages < 0) {
            throw new IllegalArgumentException("messages < 0");
        }
    }

    static AtrnGrant of(AtrnAnswer a) {
        return new AtrnGrant(a.domain(), a.releaseId(), a.leaseDeadline(), a.messages());
    }
}
