package io.dequeue.config.service;

import io.dequeue.model.credential.StoredSecret;

import java.util.Arrays;

/**
 * What a gateway's stored secret becomes after a change of its password or of its CRAM-MD5 setting.
 * New hashes use the configured PBKDF2 iteration count; a stored hash records its own count, so
 * older hashes with fewer iterations still verify and are replaced at the next password change.
 */
public final class Secrets {
    private Secrets() {
    }

    /**
     * The secret to store when the API asks for {@code change}: a given password is always hashed
     * anew; without one the current secret stays, less its CRAM-MD5 pad states when CRAM-MD5 is
     * switched off.
     *
     * @throws ConfigProblem.PasswordRequired when CRAM-MD5 is on, a secret without pad states is
     *                                        stored, and no password is given to derive them from
     */
    public static StoredSecret next(StoredSecret current, PasswordChange change, boolean cramMd5, int iterations) {
        if (change instanceof PasswordChange.Clear) {
            return null;
        }
        if (change instanceof PasswordChange.Set s) {
            return hash(s.password(), cramMd5, iterations);
        }
        return kept(current, cramMd5);
    }

    /**
     * The secret to store when the import file declares {@code change}: a given password is hashed
     * again only when the stored secret no longer verifies it (or lacks the pad states CRAM-MD5
     * needs, or was hashed with fewer iterations than {@code iterations}), so importing the same
     * file twice changes nothing.
     */
    public static StoredSecret reconciled(StoredSecret current, PasswordChange change, boolean cramMd5, int iterations) {
        if (change instanceof PasswordChange.Set s && current != null && current.verifyPassword(s.password())) {
            if (cramMd5 && current.cramMd5() == null || current.pbkdf2().iterations() < iterations) {
                return hash(s.password(), cramMd5, iterations);
            }
            return kept(current, cramMd5);
        }
        return next(current, change, cramMd5, iterations);
    }

    private static StoredSecret kept(StoredSecret current, boolean cramMd5) {
        if (current == null) {
            return null;
        }
        if (!cramMd5 && current.cramMd5() != null) {
            return new StoredSecret(current.pbkdf2(), null);
        }
        if (cramMd5 && current.cramMd5() == null) {
            throw new ConfigProblem.PasswordRequired("password");
        }
        return current;
    }

    private static StoredSecret hash(char[] password, boolean cramMd5, int iterations) {
        return StoredSecret.fromPassword(password, cramMd5, iterations);
    }

    /** Overwrites a password that is no longer needed. */
    public static void forget(PasswordChange change) {
        if (change instanceof PasswordChange.Set s) {
            Arrays.fill(s.password(), '\0');
        }
    }
}
