package io.dequeue.delivery.dns;

import io.dequeue.smtp.reply.Reply;

import java.util.List;
import java.util.Objects;

/** Where a release target leads: addresses to try in order, or why there are none. */
public sealed interface Resolution {

    record Destinations(List<Destination> destinations) implements Resolution {
        public Destinations {
            destinations = List.copyOf(destinations);
            if (destinations.isEmpty()) {
                throw new IllegalArgumentException("no destinations");
            }
        }
    }

    /**
     * No destination. {@code reply} is 5xx when the answer is final (NXDOMAIN, null MX, loop, no
     * address), 4xx when it may change (SERVFAIL, timeout).
     */
    record Failure(Reply reply) implements Resolution {
        public Failure {
            Objects.requireNonNull(reply, "reply");
        }

        public boolean permanent() {
            return reply.isPermanentFailure();
        }
    }
}
