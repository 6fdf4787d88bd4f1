package io.dequeue.model.http;

import java.util.List;

/**
 * An error of a request that becomes a problem answer of its type ({@link ProblemMapper}). The
 * message is the problem's {@code detail}, shown to the caller: it must not hold a secret.
 */
public class ProblemException extends RuntimeException {
    private final transient ProblemType type;
    private final transient List<Problem.InvalidField> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.InvalidField> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.InvalidField> errors() {
        return errors;
    }
}
