package io.dequeue.config.service;

import io.dequeue.model.settings.GatewayRecord;

import java.util.List;
import java.util.Set;

/**
 * The conditional-request headers of a write: {@code If-Match} (the versions the client has seen,
 * or {@code *}) and {@code If-None-Match: *} (create only).
 *
 * @param ifMatch null when the header is absent; the versions it names (strong comparison)
 * @param ifMatchAny {@code If-Match: *}: the gateway must exist
 * @param ifNoneMatchAny {@code If-None-Match: *}: the gateway must not exist
 */
public record Precondition(Set<Long> ifMatch, boolean ifMatchAny, boolean ifNoneMatchAny) {
    public static final Precondition NONE = new Precondition(null, false, false);

    public Precondition {
        ifMatch = ifMatch == null ? null : Set.copyOf(ifMatch);
    }

    /** Only when the current version is {@code version}. */
    public static Precondition version(long version) {
        return new Precondition(Set.of(version), false, false);
    }

    /** Throws when the condition does not hold for {@code current} (null: there is no such gateway). */
    public void check(GatewayRecord current) {
        if (ifMatchAny || ifMatch != null) {
            if (current == null) {
                throw new ConfigProblem.PreconditionFailed("If-Match was given but the gateway does not exist.");
            }
            if (!ifMatchAny && !ifMatch.contains(current.version())) {
                throw new ConfigProblem.PreconditionFailed("The gateway is at version " + current.version()
                        + ", not " + describe(ifMatch) + ": read it again and retry.");
            }
        }
        if (ifNoneMatchAny && current != null) {
            throw new ConfigProblem.PreconditionFailed("If-None-Match: * was given but the gateway exists (version "
                    + current.version() + ").");
        }
    }

    private static String describe(Set<Long> versions) {
        if (versions.isEmpty()) {
            return "the entity tag given";
        }
        List<Long> sorted = versions.stream().sorted().toList();
        return sorted.size() == 1 ? sorted.get(0).toString() : sorted.toString();
    }
}
