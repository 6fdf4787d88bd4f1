package io.dequeue.queue.admin;

import io.dequeue.model.http.ProblemType;

/** The problem types of the queue API besides the shared ones of {@link ProblemType}. */
public final class QueueProblems {
    /** No message of that id is held for the domain (or its body is gone). */
    public static final ProblemType UNKNOWN_MESSAGE = new ProblemType("unknown-message", 404, "No such held message");
    /** A release without a target for a domain that is not a gateway. */
    public static final ProblemType UNKNOWN_GATEWAY = new ProblemType("unknown-gateway", 404, "No such gateway");
    /** A release needs a target the request does not give. */
    public static final ProblemType TARGET_REQUIRED = new ProblemType("target-required", 422, "A delivery target is needed");

    private QueueProblems() {
    }
}
