package io.dequeue.config.service;

/**
 * One invalid field of a request or of the import file.
 *
 * @param field the field's path, e.g. {@code etrn.port}, {@code access.honor[1]}, {@code gateways[0].domain}
 * @param message what is wrong with it; never the value of a secret
 */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
