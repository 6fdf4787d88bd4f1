package io.dequeue.model.event;

import io.dequeue.model.Envelope;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailHeadersTest {

    private static final Instant AT = Instant.parse("2026-05-04T08:02:11.481Z");

    private static final Envelope ENVELOPE = new Envelope("m-1", "Q1", "alice@example.com", Envelope.Ret.FULL, "env 1",
            Envelope.Body.EIGHT_BIT_MIME, 1234,
            List.of(new Envelope.Recipient("bob@example.net", List.of(Envelope.Notify.SUCCESS, Envelope.Notify.FAILURE),
                            "rfc822;Bob@Example.NET"),
                    new Envelope.Recipient("Sales@Example.NET")),
            "2001:db8::20", "mail.example.com", "alice", true, AT);

    @Test
    void headerNames() {
        assertThat(List.of(MailHeaders.ENVELOPE, MailHeaders.RELEASE_ID, MailHeaders.LEASE_DEADLINE, MailHeaders.TARGET,
                MailHeaders.ATTEMPT, MailHeaders.SESSION_ID, MailHeaders.IS_DSN, MailHeaders.ACCEPTED_PARTITION,
                MailHeaders.ACCEPTED_OFFSET))
                .containsExactly("dq_envelope", "dq_release_id", "dq_lease_deadline", "dq_target", "dq_attempt",
                        "dq_session_id", "dq_dsn", "dq_accepted_partition", "dq_accepted_offset");
    }

    @Test
    void acceptedRefRoundTrips() {
        Headers h = new RecordHeaders();
        assertThat(MailHeaders.acceptedRef(h)).isNull();
        MailHeaders.putAcceptedRef(h, new MailHeaders.AcceptedRef(3, 1_234_567_890_123L));
        assertThat(MailHeaders.acceptedRef(h)).isEqualTo(new MailHeaders.AcceptedRef(3, 1_234_567_890_123L));
        assertThat(CloudEvents.get(h, "dq_accepted_partition")).isEqualTo("3");
        assertThat(CloudEvents.get(h, "dq_accepted_offset")).isEqualTo("1234567890123");
        MailHeaders.putAcceptedRef(h, new MailHeaders.AcceptedRef(0, 0));
        assertThat(MailHeaders.acceptedRef(h)).isEqualTo(new MailHeaders.AcceptedRef(0, 0));
        assertThat(h.headers("dq_accepted_offset")).hasSize(1);
    }

    @Test
    void aHalfOrBadAcceptedRefIsRefused() {
        Headers half = new RecordHeaders();
        CloudEvents.put(half, MailHeaders.ACCEPTED_OFFSET, "12");
        assertThatThrownBy(() -> MailHeaders.acceptedRef(half)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dq_accepted_partition");
        Headers bad = new RecordHeaders();
        CloudEvents.put(bad, MailHeaders.ACCEPTED_PARTITION, "1");
        CloudEvents.put(bad, MailHeaders.ACCEPTED_OFFSET, "x");
        assertThatThrownBy(() -> MailHeaders.acceptedRef(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailHeaders.AcceptedRef(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envelopeRoundTrips() {
        Headers h = new RecordHeaders();
        MailHeaders.putEnvelope(h, ENVELOPE);
        assertThat(MailHeaders.envelope(h)).isEqualTo(ENVELOPE);
        assertThat(CloudEvents.get(h, MailHeaders.ENVELOPE)).isEqualTo(Json.writeString(ENVELOPE));
    }

    @Test
    void envelopeHeaderIsUtf8Json() {
        Envelope e = ENVELOPE.withRecipients(List.of(new Envelope.Recipient("jürgen@example.net")));
        Headers h = new RecordHeaders();
        MailHeaders.putEnvelope(h, e);
        String raw = new String(h.lastHeader(MailHeaders.ENVELOPE).value(), StandardCharsets.UTF_8);
        assertThat(raw).startsWith("{\"messageId\":\"m-1\"").contains("\"jürgen@example.net\"");
        assertThat(MailHeaders.envelope(h)).isEqualTo(e);
    }

    @Test
    void aSecondEnvelopeReplacesTheFirst() {
        Headers h = new RecordHeaders();
        MailHeaders.putEnvelope(h, ENVELOPE);
        Envelope fewer = ENVELOPE.withRecipients(List.of(ENVELOPE.recipients().get(1)));
        MailHeaders.putEnvelope(h, fewer);
        assertThat(h.headers(MailHeaders.ENVELOPE)).hasSize(1);
        assertThat(MailHeaders.envelope(h)).isEqualTo(fewer);
    }

    @Test
    void missingEnvelopeIsAnError() {
        assertThatThrownBy(() -> MailHeaders.envelope(new RecordHeaders()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dq_envelope");
    }

    @Test
    void releaseHeadersRoundTrip() {
        Headers h = new RecordHeaders();
        ReleaseTarget target = new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", 2525);
        Instant deadline = Instant.parse("2026-05-04T09:40:00.190123Z");
        MailHeaders.putRelease(h, "rel-1", deadline, target, 3);

        assertThat(MailHeaders.releaseId(h)).isEqualTo("rel-1");
        assertThat(MailHeaders.leaseDeadline(h)).isEqualTo(deadline);
        assertThat(MailHeaders.target(h)).isEqualTo(target);
        assertThat(MailHeaders.attempt(h)).isEqualTo(3);
        assertThat(h.toArray()).extracting(Header::key)
                .containsExactly("dq_release_id", "dq_lease_deadline", "dq_target", "dq_attempt");
        assertThat(CloudEvents.get(h, MailHeaders.TARGET)).isEqualTo("{\"kind\":\"mx\",\"host\":\"example.net\",\"port\":2525}");
        assertThat(CloudEvents.get(h, MailHeaders.LEASE_DEADLINE)).isEqualTo("2026-05-04T09:40:00.190123Z");
    }

    @Test
    void releaseWithoutTargetForAtrn() {
        Headers h = new RecordHeaders();
        MailHeaders.putRelease(h, "rel-2", AT, null, 1);
        CloudEvents.put(h, MailHeaders.SESSION_ID, "s-9");

        assertThat(MailHeaders.target(h)).isNull();
        assertThat(h.lastHeader(MailHeaders.TARGET)).isNull();
        assertThat(MailHeaders.releaseId(h)).isEqualTo("rel-2");
        assertThat(CloudEvents.get(h, MailHeaders.SESSION_ID)).isEqualTo("s-9");
    }

    @Test
    void aNewReleaseReplacesTheOldOne() {
        Headers h = new RecordHeaders();
        MailHeaders.putRelease(h, "rel-1", AT, new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.7", 25), 1);
        MailHeaders.putRelease(h, "rel-2", AT.plusSeconds(600), new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS,
                "192.0.2.8", 25), 2);
        assertThat(h.toArray()).hasSize(4);
        assertThat(MailHeaders.releaseId(h)).isEqualTo("rel-2");
        assertThat(MailHeaders.target(h).host()).isEqualTo("192.0.2.8");
        assertThat(MailHeaders.attempt(h)).isEqualTo(2);
    }

    @Test
    void absentReleaseHeaders() {
        Headers h = new RecordHeaders();
        assertThat(MailHeaders.releaseId(h)).isNull();
        assertThat(MailHeaders.leaseDeadline(h)).isNull();
        assertThat(MailHeaders.target(h)).isNull();
        assertThat(MailHeaders.attempt(h)).as("first attempt when absent").isEqualTo(1);
    }

    @Test
    void mailRecordHeadersTogether() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "id-1", EventTypes.MAIL_RELEASED,
                CloudEvents.source("queue-service", "queue-0"), CloudEvents.RFC822, AT);
        MailHeaders.putEnvelope(h, ENVELOPE);
        MailHeaders.putRelease(h, "rel-1", AT.plusSeconds(600), new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP,
                "192.0.2.25", 25), 1);
        CloudEvents.put(h, MailHeaders.IS_DSN, "true");

        assertThat(h.toArray()).extracting(Header::key).containsExactly("ce_specversion", "ce_id", "ce_type",
                "ce_source", "ce_time", "content-type", "dq_envelope", "dq_release_id", "dq_lease_deadline",
                "dq_target", "dq_attempt", "dq_dsn");
        assertThat(CloudEvents.type(h)).isEqualTo("io.dequeue.mail.released");
        assertThat(MailHeaders.envelope(h)).isEqualTo(ENVELOPE);
        assertThat(MailHeaders.target(h).kind()).isEqualTo(ReleaseTarget.Kind.REQUESTER_IP);
    }

    @Test
    void envelopeInvariants() {
        assertThat(ENVELOPE.isNullSender()).isFalse();
        Envelope dsn = new Envelope("m-2", null, null, null, null, null, 0,
                List.of(new Envelope.Recipient("alice@example.com")), null, null, null, false, AT);
        assertThat(dsn.isNullSender()).isTrue();
        assertThat(dsn.reversePath()).isEmpty();
        assertThat(dsn.body()).isEqualTo(Envelope.Body.SEVEN_BIT);
        assertThat(MailHeaders.envelope(headersWith(dsn))).isEqualTo(dsn);

        assertThatThrownBy(() -> ENVELOPE.withRecipients(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope(null, null, "", null, null, null, 0, List.of(new Envelope.Recipient("a@b")),
                null, null, null, false, AT)).isInstanceOf(NullPointerException.class);

        Envelope.Recipient bob = ENVELOPE.recipients().get(0);
        Envelope.Recipient sales = ENVELOPE.recipients().get(1);
        assertThat(sales.domain()).isEqualTo("example.net");
        assertThat(bob.wantsFailureNotice()).isTrue();
        assertThat(bob.wantsDelayNotice()).isFalse();
        assertThat(sales.notifyOn()).isEmpty();
        assertThat(sales.wantsFailureNotice()).as("no NOTIFY: failure notices by default").isTrue();
        assertThat(new Envelope.Recipient("x@y", List.of(Envelope.Notify.NEVER), null).wantsFailureNotice()).isFalse();
        assertThat(new Envelope.Recipient("x@y", List.of(Envelope.Notify.DELAY), null).wantsDelayNotice()).isTrue();
    }

    @Test
    void envelopeJsonNames() {
        String json = Json.writeString(ENVELOPE);
        assertThat(json).contains("\"body\":\"8BITMIME\"", "\"ret\":\"FULL\"",
                "\"notify\":[\"SUCCESS\",\"FAILURE\"]", "\"orcpt\":\"rfc822;Bob@Example.NET\"", "\"notify\":[]",
                "\"receivedAt\":\"2026-05-04T08:02:11.481Z\"");
        assertThat(json).doesNotContain("notifyOn", "wantsFailureNotice", "\"domain\"");
    }

    private static Headers headersWith(Envelope e) {
        Headers h = new RecordHeaders();
        MailHeaders.putEnvelope(h, e);
        return h;
    }
}
