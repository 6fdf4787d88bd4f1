package io.dequeue.delivery.messaging;

import io.dequeue.delivery.service.ReleasedMail;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Reads a {@code mail.released} record (key, raw value, {@code dq_*} headers). */
final class ReleasedRecords {

    private ReleasedRecords() {
    }

    /** @throws IllegalArgumentException (or a JSON error) when the record is not a release */
    static ReleasedMail parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            throw new IllegalArgumentException("a release needs a key and a value");
        }
        Headers h = record.headers();
        DomainName domain = DomainName.parse(new String(record.key(), StandardCharsets.US_ASCII));
        String releaseId = MailHeaders.releaseId(h);
        if (releaseId == null || releaseId.isBlank()) {
            throw new IllegalArgumentException("no " + MailHeaders.RELEASE_ID + " header");
        }
        String dsn = CloudEvents.get(h, MailHeaders.IS_DSN);
        return new ReleasedMail(domain, releaseId, MailHeaders.leaseDeadline(h), MailHeaders.target(h),
                MailHeaders.attempt(h), MailHeaders.envelope(h), dsn != null && !dsn.equalsIgnoreCase("false"),
                record.value());
    }
}
