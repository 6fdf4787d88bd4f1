package io.dequeue.delivery.messaging;

import io.dequeue.delivery.service.ReleasedMail;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code mail.released} record (key, {@code dq_*} headers, and the raw message as its value
 * or, with an empty value, named by {@code dq_accepted_partition}/{@code dq_accepted_offset}).
 */
final class ReleasedRecords {

    private ReleasedRecords() {
    }

    /** @throws IllegalArgumentException (or a JSON error) when the record is not a release */
    static ReleasedMail parse(ConsumerRecord<byte[], byte[]> record) {
        Headers h = record.headers();
        boolean carried = record.value() != null && record.value().length > 0;
        MailHeaders.AcceptedRef ref = carried ? null : MailHeaders.acceptedRef(h);
        if (record.key() == null || (!carried && ref == null)) {
            throw new IllegalArgumentException("a release needs a key, and a value or a body reference");
        }
        DomainName domain = DomainName.parse(new String(record.key(), StandardCharsets.US_ASCII));
        String releaseId = MailHeaders.releaseId(h);
        if (releaseId == null || releaseId.isBlank()) {
            throw new IllegalArgumentException("no " + MailHeaders.RELEASE_ID + " header");
        }
        String dsn = CloudEvents.get(h, MailHeaders.IS_DSN);
        boolean isDsn = dsn != null && !dsn.equalsIgnoreCase("false");
        if (ref != null) {
            return ReleasedMail.named(domain, releaseId, MailHeaders.leaseDeadline(h), MailHeaders.target(h),
                    MailHeaders.attempt(h), MailHeaders.envelope(h), isDsn, ref);
        }
        return new ReleasedMail(domain, releaseId, MailHeaders.leaseDeadline(h), MailHeaders.target(h),
                MailHeaders.attempt(h), MailHeaders.envelope(h), isDsn, record.value());
    }
}
