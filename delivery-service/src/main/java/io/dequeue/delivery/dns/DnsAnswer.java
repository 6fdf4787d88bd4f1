package io.dequeue.delivery.dns;

import java.util.List;
import java.util.Objects;

/** The answer to one DNS question, as delivery needs it. */
public sealed interface DnsAnswer<T> {

    /** At least one record. */
    record Records<T>(List<T> records) implements DnsAnswer<T> {
        public Records {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("use NoRecords for an empty answer");
            }
        }
    }

    /** The name exists but has no record of the type (NOERROR, no data). */
    record NoRecords<T>() implements DnsAnswer<T> {
    }

    /** NXDOMAIN: the name does not exist. A permanent answer. */
    record NoSuchDomain<T>() implements DnsAnswer<T> {
    }

    /** SERVFAIL, a timeout, a network error: ask again later. */
    record TemporaryFailure<T>(String reason) implements DnsAnswer<T> {
        public TemporaryFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
