package io.dequeue.smtp.sasl;

import java.util.Objects;

/** What a completed SASL exchange asks the application to verify. */
public sealed interface AuthAttempt {

    String mechanism();

    String username();

    /** PLAIN or LOGIN: a password to check; clear the credentials after the check. */
    record Password(String mechanism, Credentials credentials) implements AuthAttempt {
        public Password {
            Objects.requireNonNull(mechanism);
            Objects.requireNonNull(credentials);
        }

        public String username() {
            return credentials.username();
        }
    }

    /** CRAM-MD5: a digest of the single-use challenge to check against the stored secret. */
    record CramMd5Digest(String username, byte[] challenge, String hexDigest) implements AuthAttempt {
        public CramMd5Digest {
            Objects.requireNonNull(username);
            challenge = challenge.clone();
            Objects.requireNonNull(hexDigest);
        }

        public String mechanism() {
            return CramMd5.NAME;
        }

        @Override
        public byte[] challenge() {
            return challenge.clone();
        }

        /** Checks against a clear password, in constant time. */
        public boolean matchesPassword(byte[] password) {
            return CramMd5.verify(password, challenge, hexDigest);
        }

        @Override
        public String toString() {
            return "CramMd5Digest[username=" + username + ", digest=***]";
        }
    }
}
