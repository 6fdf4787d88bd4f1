package io.dequeue.config.service;

/** What a request or the import file asks for the gateway's password. */
public sealed interface PasswordChange {
    /** No password given: the stored secret stays. */
    record Keep() implements PasswordChange {
    }

    /** {@code "password": null}: the stored secret is removed (then no AUTH succeeds). */
    record Clear() implements PasswordChange {
    }

    /** A new clear password, to be hashed and forgotten. */
    record Set(char[] password) implements PasswordChange {
        @Override
        public String toString() {
            return "Set[redacted]";
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    PasswordChange KEEP = new Keep();
    PasswordChange CLEAR = new Clear();
}
