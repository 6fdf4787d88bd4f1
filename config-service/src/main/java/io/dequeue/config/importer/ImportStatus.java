package io.dequeue.config.importer;

import io.dequeue.config.service.FieldError;

import java.util.List;

/**
 * Where the import of the configured file stands; the service is ready only when it is
 * {@link State#NOT_CONFIGURED} or {@link State#APPLIED}.
 *
 * @param state the state
 * @param file the import file, or null
 * @param detail a one-line summary (the report, or why it failed)
 * @param errors the invalid fields of an invalid file
 */
public record ImportStatus(State state, String file, String detail, List<FieldError> errors) {
    public enum State { NOT_CONFIGURED, WAITING, APPLIED, RETRYING, INVALID }

    public ImportStatus {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean ready() {
        return state == State.NOT_CONFIGURED || state == State.APPLIED;
    }
}
