package io.dequeue.edge.dequeue;

import io.dequeue.model.event.EtrnAnswer;

/** What became of the ETRN request for one domain. */
public sealed interface EtrnResult {
    /** queue-service released this many messages. */
    record Released(int count) implements EtrnResult {
    }

    /** Nothing new was released, but an earlier request's messages are still being delivered. */
    record InFlight(int count) implements EtrnResult {
    }

    /** Nothing is held for the domain. */
    record NothingHeld() implements EtrnResult {
    }

    /** queue-service refused (the gateway stopped accepting ETRN after the edge's check). */
    record Refused() implements EtrnResult {
    }

    /** The request was stored but no answer came in time: queuing has started all the same. */
    record NoAnswer() implements EtrnResult {
    }

    /** The request could not be stored. */
    record NotSent() implements EtrnResult {
    }

    static EtrnResult of(EtrnAnswer answer) {
        return switch (answer.outcome()) {
            case RELEASED -> answer.released() > 0 ? new Released(answer.released())
                    : answer.alreadyInFlight() > 0 ? new InFlight(answer.alreadyInFlight()) : new NothingHeld();
            case NONE -> answer.alreadyInFlight() > 0 ? new InFlight(answer.alreadyInFlight()) : new NothingHeld();
            case REFUSED -> new Refused();
        };
    }

    /** The name in lifecycle events. */
    default String wireName() {
        if (this instanceof Released) {
            return "released";
        } else if (this instanceof InFlight) {
            return "in-flight";
        } else if (this instanceof NothingHeld) {
            return "none";
        } else if (this instanceof Refused) {
            return "refused";
        } else if (this instanceof NoAnswer) {
            return "no-answer";
        }
        return "not-stored";
    }
}
