package io.dequeue.config.service;

import io.dequeue.model.DomainName;

import java.util.List;

/**
 * Why a request about gateways cannot be carried out. Each kind becomes one RFC 9457 problem type
 * at the REST edge; messages never carry a secret.
 */
public abstract sealed class ConfigProblem extends RuntimeException {
    private final List<FieldError> errors;

    protected ConfigProblem(String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** The invalid fields, when the problem is about fields. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The request could not be read at all: malformed JSON, a bad domain name in the path, a bad header. */
    public static final class Malformed extends ConfigProblem {
        public Malformed(String detail, List<FieldError> errors) {
            super(detail, errors);
        }
    }

    /** The request was read but some fields are invalid. */
    public static final class InvalidSettings extends ConfigProblem {
        public InvalidSettings(List<FieldError> errors) {
            super(errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", errors);
        }
    }

    /** CRAM-MD5 is switched on but only a hash of the password is stored: the password is needed again. */
    public static final class PasswordRequired extends ConfigProblem {
        public PasswordRequired(String field) {
            super("CRAM-MD5 is switched on but the stored secret has no CRAM-MD5 pad states; "
                    + "send the password again with this change.",
                    List.of(new FieldError(field, "required to switch CRAM-MD5 on")));
        }
    }

    /** There is no gateway of that name. */
    public static final class UnknownGateway extends ConfigProblem {
        public UnknownGateway(DomainName domain) {
            super("There is no gateway " + domain.value() + ".", List.of());
        }
    }

    /** An If-Match or If-None-Match condition does not hold. */
    public static final class PreconditionFailed extends ConfigProblem {
        public PreconditionFailed(String detail) {
            super(detail, List.of());
        }
    }

    /** Kafka did not acknowledge the write in time, or the view did not show it in time. */
    public static final class StoreUnavailable extends ConfigProblem {
        public StoreUnavailable(String detail) {
            super(detail, List.of());
        }
    }
}
