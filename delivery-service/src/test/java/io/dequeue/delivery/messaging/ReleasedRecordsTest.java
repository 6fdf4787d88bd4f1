package io.dequeue.delivery.messaging;

import io.dequeue.delivery.service.ReleasedMail;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleasedRecordsTest {
    private static final Instant AT = Instant.parse("2026-05-04T08:02:11.481Z");
    private static final Envelope ACCEPTED = new Envelope("m-1", "Q1", "alice@example.com", Envelope.Ret.HDRS, "env-1",
            Envelope.Body.EIGHT_BIT_MIME, 1234, List.of(new Envelope.Recipient("bob@example.net"),
            new Envelope.Recipient("carol@example.net")), "198.51.100.20", "mail.example.com", null, true, AT);
    /** What queue-service's state knows: no BODY, RET or ENVID; one recipient still pending. */
    private static final Envelope RELEASED = new Envelope("m-1", null, "alice@example.com", null, null, null, 1234,
            List.of(new Envelope.Recipient("carol@example.net")), null, null, null, false, AT);

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, MailHeaders.AcceptedRef ref) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("mail.released", 2, 7,
                "example.net".getBytes(StandardCharsets.US_ASCII), value);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_RELEASED, "/test", CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), RELEASED);
        MailHeaders.putRelease(r.headers(), "rel-1", AT.plusSeconds(600),
                new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", 25), 2);
        if (ref != null) {
            MailHeaders.putAcceptedRef(r.headers(), ref);
        }
        return r;
    }

    @Test
    void aRecordThatNamesItsBodyNeedsItAndTakesTheAcceptedEnvelopeForItsRecipients() {
        ReleasedMail m = ReleasedRecords.parse(record(new byte[0], new MailHeaders.AcceptedRef(2, 41)));
        assertThat(m.needsBody()).isTrue();
        assertThat(m.content()).isNull();
        assertThat(m.bodyRef()).isEqualTo(new MailHeaders.AcceptedRef(2, 41));
        assertThat(m.toString()).contains("body=mail.accepted-2@41");

        byte[] raw = "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        ReleasedMail read = m.withBody(new AcceptedMail(ACCEPTED, raw));
        assertThat(read.needsBody()).isFalse();
        assertThat(read.content()).isEqualTo(raw);
        assertThat(read.envelope()).isEqualTo(ACCEPTED.withRecipients(RELEASED.recipients()));
        assertThat(read.envelope().body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
        assertThat(read.releaseId()).isEqualTo("rel-1");
        assertThat(read.attempt()).isEqualTo(2);
    }

    @Test
    void aRecordThatCarriesItsBodyIsReadAsBefore() {
        byte[] raw = "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        ReleasedMail m = ReleasedRecords.parse(record(raw, null));
        assertThat(m.needsBody()).isFalse();
        assertThat(m.bodyRef()).isNull();
        assertThat(m.content()).isEqualTo(raw);
        assertThat(m.envelope()).isEqualTo(RELEASED);
    }

    @Test
    void aRecordWithNeitherBodyNorReferenceIsUnreadable() {
        assertThatThrownBy(() -> ReleasedRecords.parse(record(new byte[0], null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleasedRecords.parse(record(null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
