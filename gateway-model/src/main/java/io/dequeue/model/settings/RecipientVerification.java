package io.dequeue.model.settings;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Optional recipient verification: when {@code validLocalParts} is not empty, only those local
 * parts (case-insensitive) are accepted for the gateway's domain.
 */
public record RecipientVerification(List<String> validLocalParts) {
    public static final RecipientVerification OFF = new RecipientVerification(null);

    public RecipientVerification {
        validLocalParts = validLocalParts == null ? List.of()
                : validLocalParts.stream().map(s -> s.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
        for (String lp : validLocalParts) {
            if (lp.isEmpty() || lp.length() > 64) {
                throw new IllegalArgumentException("a local part must be 1 to 64 characters");
            }
        }
    }

    public boolean enabled() {
        return !validLocalParts.isEmpty();
    }

    /** Whether mail to this local part is accepted. */
    public boolean accepts(String localPart) {
        if (!enabled()) {
            return true;
        }
        return Collections.binarySearch(validLocalParts, localPart.toLowerCase(Locale.ROOT)) >= 0;
    }
}
