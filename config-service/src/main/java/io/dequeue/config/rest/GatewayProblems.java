package io.dequeue.config.rest;

import io.dequeue.model.http.ProblemType;

/** The problem types of the gateway API besides the shared ones of {@link ProblemType}. */
public final class GatewayProblems {
    /** The request was read but some settings are invalid ({@code errors} names each). */
    public static final ProblemType INVALID_SETTINGS = new ProblemType("invalid-settings", 422, "Invalid gateway settings");
    /** Switching CRAM-MD5 on needs the password again. */
    public static final ProblemType PASSWORD_REQUIRED =
            new ProblemType("password-required", 422, "The password is needed for this change");
    /** No gateway has that domain. */
    public static final ProblemType UNKNOWN_GATEWAY = new ProblemType("unknown-gateway", 404, "No such gateway");
    /** An {@code If-Match} or {@code If-None-Match} condition does not hold. */
    public static final ProblemType VERSION_MISMATCH = new ProblemType("version-mismatch", 412, "The gateway has changed");

    private GatewayProblems() {
    }
}
