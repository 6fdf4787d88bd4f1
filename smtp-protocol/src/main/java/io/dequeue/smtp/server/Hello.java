package io.dequeue.smtp.server;

import java.util.Objects;

/** What EHLO / HELO established: nothing yet, or the client's domain and whether it speaks ESMTP. */
sealed interface Hello {

    Hello NONE = new None();

    /** No EHLO / HELO yet (or forgotten after STARTTLS). */
    record None() implements Hello {
    }

    /**
     * @param domain   the validated, lower-cased EHLO / HELO argument
     * @param extended true after EHLO, false after HELO
     */
    record Known(String domain, boolean extended) implements Hello {
        public Known {
            Objects.requireNonNull(domain, "domain");
        }
    }
}
