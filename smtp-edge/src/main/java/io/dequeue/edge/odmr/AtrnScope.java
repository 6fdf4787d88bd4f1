package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.CheckResult;
import io.dequeue.edge.dequeue.Denial;
import io.dequeue.edge.dequeue.DequeueAsk;
import io.dequeue.edge.dequeue.DequeuePolicy;
import io.dequeue.model.DomainName;
import io.dequeue.model.InvalidDomainNameException;
import io.dequeue.model.settings.GatewayRecord;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The domains one ATRN pulls, after the access checks. An explicit list must pass as a whole (one
 * refused domain refuses the request, and the reply never says which); no list means every
 * gateway the login may pull that passes the checks.
 */
sealed interface AtrnScope {

    /** Pull these domains. */
    record Domains(List<DomainName> domains) implements AtrnScope {
        public Domains {
            domains = List.copyOf(domains);
            if (domains.isEmpty()) {
                throw new IllegalArgumentException("no domains");
            }
        }
    }

    /**
     * Refused: {@code domain} (null when nothing could be named) failed for {@code reason}.
     * For logs and audit only: the client just hears 450.
     */
    record Refused(DomainName domain, Denial reason) implements AtrnScope {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }

    /**
     * @param requested the ATRN argument (validated LDH names), empty for "all of mine"
     * @param login the authenticated login
     * @param client the client's real address
     * @param dequeuable every gateway domain the login may dequeue
     * @param find the gateway of a domain
     */
    static AtrnScope resolve(List<String> requested, DomainName login, InetAddress client,
                             Collection<DomainName> dequeuable, Function<DomainName, Optional<GatewayRecord>> find) {
        DequeuePolicy policy = DequeuePolicy.atrn();
        if (requested.isEmpty()) {
            List<DomainName> pull = new ArrayList<>();
            Denial first = null;
            for (DomainName d : dequeuable) {
                CheckResult r = policy.evaluate(new DequeueAsk(d, find.apply(d), client, login, 1));
                if (r instanceof CheckResult.Deny deny) {
                    first = first == null ? deny.reason() : first;
                } else {
                    pull.add(d);
                }
            }
            return pull.isEmpty() ? new Refused(null, first == null ? Denial.SERVICE_OFF : first) : new Domains(pull);
        }
        List<DomainName> pull = new ArrayList<>(requested.size());
        for (String text : requested) {
            DomainName d;
            try {
                d = DomainName.parse(text);
            } catch (InvalidDomainNameException e) {
                return new Refused(null, Denial.UNKNOWN_DOMAIN);
            }
            CheckResult r = policy.evaluate(new DequeueAsk(d, find.apply(d), client, login, 1));
            if (r instanceof CheckResult.Deny deny) {
                return new Refused(d, deny.reason());
            }
            if (!pull.contains(d)) {
                pull.add(d);
            }
        }
        return new Domains(pull);
    }
}
