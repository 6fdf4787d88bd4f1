package io.dequeue.edge.odmr;

import io.dequeue.model.DomainName;

import java.util.Objects;

/** What became of the ATRN request for one domain. */
sealed interface AtrnOutcome {
    DomainName domain();

    record Granted(AtrnGrant grant) implements AtrnOutcome {
        public Granted {
            Objects.requireNonNull(grant);
        }

        @Override
        public DomainName domain() {
            return grant.domain();
        }
    }

    /** Another session holds the domain ("one ATRN session at a time"). */
    record Busy(DomainName domain) implements AtrnOutcome {
    }

    record NoMail(DomainName domain) implements AtrnOutcome {
    }

    /** queue-service refused (the settings changed after the edge's check). */
    record Refused(DomainName domain) implements AtrnOutcome {
    }

    /** No answer within the wait (a grant may still come: it is ended right away). */
    record NoAnswer(DomainName domain) implements AtrnOutcome {
    }

    /** The request could not be stored. */
    record NotSent(DomainName domain) implements AtrnOutcome {
    }

    default String wireName() {
        if (this instanceof Granted) {
            return "granted";
        } else if (this instanceof Busy) {
            return "busy";
        } else if (this instanceof NoMail) {
            return "no-mail";
        } else if (this instanceof Refused) {
            return "refused";
        } else if (this instanceof NoAnswer) {
            return "no-answer";
        }
        return "not-stored";
    }
}
