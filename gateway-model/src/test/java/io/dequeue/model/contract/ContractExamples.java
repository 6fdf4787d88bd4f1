package io.dequeue.model.contract;

import io.dequeue.model.Cidr;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.credential.CramMd5PadStates;
import io.dequeue.model.credential.Pbkdf2Hash;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.AtrnSettings;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.settings.OutboundTls;
import io.dequeue.model.settings.Quotas;
import io.dequeue.model.settings.RecipientVerification;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example records of {@code docs/events.md}, built with the contract's own code (serdes,
 * {@link CloudEvents}, {@link MailHeaders}). {@code EventsDocTest} checks that the document shows
 * exactly these records; {@code ContractSchemaTest} validates their values against the schemas.
 *
 * <p>They tell one story of the domain {@code example.net} on Monday 4 May 2026: the gateway is
 * (re)configured, a message arrives, ETRN releases it, one recipient is delivered and one is
 * deferred, and an ATRN session of the authorised login {@code example.org} takes the rest.
 */
public final class ContractExamples {

    /** One Kafka record as a producer of the contract writes it. */
    public record ExampleRecord(String name, String topic, Integer partition, byte[] key, Headers headers, byte[] value,
                                Object object) {
        /** The value type's JSON schema file name without extension, or null for raw messages. */
        public String schema() {
            return schemaOf(object);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final DomainName DOMAIN = DomainName.parse("example.net");
    public static final DomainName OTHER_LOGIN = DomainName.parse("example.org");
    /** The AUTH password of the example gateway; the stored secret below is derived from it. */
    public static final String PASSWORD = "example-password";

    public static final String EDGE_0 = CloudEvents.source("smtp-edge", "edge-0");
    public static final String EDGE_1 = CloudEvents.source("smtp-edge", "edge-1");
    public static final String QUEUE = CloudEvents.source("queue-service", "queue-0");
    public static final String DELIVERY = CloudEvents.source("delivery-service", "delivery-0");
    public static final String CONFIG = CloudEvents.source("config-service", "config-0");

    /** The raw message as accepted, with the edge's Received: line (CRLF line ends on the wire). */
    public static final String MESSAGE_TEXT = """
            Received: from mail.example.com (mail.example.com [198.51.100.20])
                    by edge-0.dequeue.example (Dequeue) with ESMTPS id 4XK2QZ7P1M;
                    Mon, 4 May 2026 08:02:11 +0000
            From: Alice <alice@example.com>
            To: Bob <bob@example.net>, Sales <sales@example.net>
            Subject: Quarterly figures
            Date: Mon, 4 May 2026 10:02:09 +0200
            Message-ID: <20260504080209.1234@mail.example.com>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Hello Bob,

            the figures follow in the next mail.

            Grüße, Alice
            """;
    public static final byte[] MESSAGE = MESSAGE_TEXT.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);

    public static final String MESSAGE_ID = "3f6b1c8e-8d0a-4c3e-9a57-2b1f0e6d4a10";
    public static final Instant RECEIVED_AT = Instant.parse("2026-05-04T08:02:11.481Z");

    public static final Envelope.Recipient BOB = new Envelope.Recipient("bob@example.net",
            List.of(Envelope.Notify.FAILURE, Envelope.Notify.DELAY), "rfc822;bob@example.net");
    public static final Envelope.Recipient SALES = new Envelope.Recipient("sales@example.net");

    public static final Envelope ENVELOPE = new Envelope(MESSAGE_ID, "4XK2QZ7P1M", "alice@example.com",
            Envelope.Ret.HDRS, "QQ314159", Envelope.Body.EIGHT_BIT_MIME, MESSAGE.length, List.of(BOB, SALES),
            "198.51.100.20", "mail.example.com", null, true, RECEIVED_AT);

    public static final ReleaseTarget TARGET = new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "mail.example.net", 25);

    public static final GatewaySettings SETTINGS = new GatewaySettings(
            DOMAIN,
            new EtrnSettings(true, true, DeliverTo.host("[mail.example.net]"), false, 25),
            new AtrnSettings(true, true),
            new AccessSettings(List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")),
                    List.of(Cidr.parse("192.0.2.13")), true),
            new Quotas(10_000L, 1_073_741_824L),
            26_214_400L,
            Duration.ofDays(7),
            Duration.ofHours(4),
            new RecipientVerification(List.of("sales", "Bob", "postmaster")),
            OutboundTls.REQUIRED,
            List.of(OTHER_LOGIN),
            true);

    /** A fixed salt, so that the example is reproducible; real hashes use a random one. */
    public static final String PBKDF2 =
            "pbkdf2-sha256$120000$ZGVxdWV1ZS1leGFtcGxlIQ==$KVwiGUAIowigLOci+RoxBu933/yCh+ETATrrZxPCh9I=";

    public static final StoredSecret SECRET = new StoredSecret(Pbkdf2Hash.parse(PBKDF2),
            CramMd5PadStates.fromPassword(PASSWORD.getBytes(StandardCharsets.UTF_8)));

    public static final GatewayRecord GATEWAY = new GatewayRecord(SETTINGS, SECRET, 3,
            "yaml:/etc/dequeue/gateways.yaml", Instant.parse("2026-05-04T08:00:00.040Z"));

    public static final AdminRequest ADMIN_RELEASE = new AdminRequest("6c1d7e3a-0f4b-4b6e-8d2c-5a9e1f3b7c20", DOMAIN,
            AdminRequest.Action.RELEASE, null, DeliverTo.host("[IPv6:2001:db8::25]"), null, "ops-admin",
            Instant.parse("2026-05-04T08:30:00.000Z"));

    public static final EtrnRequest ETRN = new EtrnRequest("b7e4c2a0-5d1f-4e8b-9c3a-7f2d6e1a0b94", DOMAIN,
            "192.0.2.25", "0e5a9c71-2b3d-4f60-8a1e-c4d7b2f9e3a8", 0, "example.net",
            Instant.parse("2026-05-04T09:30:00.125Z"));

    public static final String ETRN_RELEASE_ID = "d2a8f4c6-1e3b-4d5a-9f7c-8b6e0a2c4e11";
    public static final Instant ETRN_LEASE_DEADLINE = Instant.parse("2026-05-04T09:40:00.190Z");

    public static final EtrnAnswer ETRN_ANSWER = new EtrnAnswer(ETRN.requestId(), DOMAIN, EtrnAnswer.Outcome.RELEASED, 1,
            0, Instant.parse("2026-05-04T09:30:00.212Z"));

    public static final DeliveryOutcome OUTCOME = new DeliveryOutcome(ETRN_RELEASE_ID, DOMAIN, MESSAGE_ID, List.of(
            new DeliveryOutcome.RecipientResult("bob@example.net", DeliveryOutcome.Status.DELIVERED,
                    new DeliveryOutcome.SmtpReplyInfo(250, "2.0.0", "Ok: queued as 9C1F2A")),
            new DeliveryOutcome.RecipientResult("sales@example.net", DeliveryOutcome.Status.TRANSIENT,
                    new DeliveryOutcome.SmtpReplyInfo(452, "4.2.2", "Mailbox full, try again later"))),
            "delivery-service", "mail.example.net", Instant.parse("2026-05-04T09:30:02.734Z"));

    public static final QueueUsage USAGE = new QueueUsage(DOMAIN, 1, MESSAGE.length, RECEIVED_AT, 0,
            Instant.parse("2026-05-04T09:30:02.800Z"));

    public static final AtrnRequest ATRN = new AtrnRequest("a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c42", DOMAIN,
            "f4e2c0a8-6b4d-4e2f-9a7c-5e3b1d9f7a63", "example.org", "203.0.113.50", 1,
            Instant.parse("2026-05-04T10:15:00.000Z"));

    public static final String ATRN_RELEASE_ID = "e9b7d5c3-a1f2-4e6d-8c0b-2f4a6e8c0d35";
    public static final Instant ATRN_LEASE_DEADLINE = Instant.parse("2026-05-04T10:25:00.050Z");

    public static final AtrnAnswer ATRN_ANSWER = new AtrnAnswer(ATRN.requestId(), DOMAIN, ATRN.sessionId(),
            AtrnAnswer.Outcome.GRANTED, ATRN_RELEASE_ID, ATRN_LEASE_DEADLINE, 1,
            Instant.parse("2026-05-04T10:15:00.050Z"));

    public static final AtrnSessionEnd ATRN_END = new AtrnSessionEnd("c8a6e4f2-3b1d-4c9e-a7f5-1d3b5f7e9a04", DOMAIN,
            ATRN.sessionId(), ATRN_RELEASE_ID, Instant.parse("2026-05-04T10:15:07.300Z"));

    public static final LifecycleEvent GATEWAY_CHANGED = new LifecycleEvent(LifecycleEvent.Type.GATEWAY_CHANGED, DOMAIN,
            null, "config-service", Instant.parse("2026-05-04T08:00:00.050Z"),
            ordered("version", 3, "managedBy", "yaml:/etc/dequeue/gateways.yaml"));

    public static final LifecycleEvent ACCEPTED = new LifecycleEvent(LifecycleEvent.Type.ACCEPTED, DOMAIN, MESSAGE_ID,
            "smtp-edge", Instant.parse("2026-05-04T08:02:11.490Z"),
            ordered("sender", "alice@example.com", "recipients", 2, "clientAddress", "198.51.100.20",
                    "size", MESSAGE.length, "tls", true));

    public static final LifecycleEvent ETRN_EVENT = new LifecycleEvent(LifecycleEvent.Type.ETRN, DOMAIN, null,
            "queue-service", Instant.parse("2026-05-04T09:30:00.215Z"),
            ordered("requesterAddress", "192.0.2.25", "login", "example.net", "released", 1));

    public static final LifecycleEvent DELIVERED = new LifecycleEvent(LifecycleEvent.Type.DELIVERED, DOMAIN, MESSAGE_ID,
            "delivery-service", Instant.parse("2026-05-04T09:30:02.734Z"),
            ordered("recipient", "bob@example.net", "reply", "250 2.0.0 Ok: queued as 9C1F2A",
                    "remoteHost", "mail.example.net", "releaseId", ETRN_RELEASE_ID, "attempt", 1));

    private ContractExamples() {
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The JSON schema (file name without {@code .schema.json}) of a value object, or null for raw bytes. */
    public static String schemaOf(Object value) {
        if (value instanceof GatewayRecord) {
            return "gateway-record";
        } else if (value instanceof DequeueRequest) {
            return "dequeue-request";
        } else if (value instanceof EdgeReply) {
            return "edge-reply";
        } else if (value instanceof DeliveryOutcome) {
            return "delivery-outcome";
        } else if (value instanceof QueueUsage) {
            return "queue-usage";
        } else if (value instanceof LifecycleEvent) {
            return "lifecycle-event";
        } else if (value instanceof Envelope) {
            return "envelope";
        } else if (value instanceof ReleaseTarget) {
            return "release-target";
        }
        return null;
    }

    /** The header JSON values shown on their own in the document, by example name. */
    public static Map<String, Object> headerJsonExamples() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("envelope", ENVELOPE);
        m.put("release-target", TARGET);
        return m;
    }

    /** Every example record of the document, in the order of the document. */
    public static List<ExampleRecord> records() {
        byte[] key = key(Topics.GATEWAY_CONFIG, DOMAIN);
        return List.of(
                new ExampleRecord("gateway-config", Topics.GATEWAY_CONFIG, null, key,
                        json("3a9d5b7f-1c2e-4a6b-8d0f-9e1c3b5d7f01", EventTypes.GATEWAY_CONFIG, CONFIG,
                                "2026-05-04T08:00:00.040Z"),
                        ContractSerdes.gatewayRecord().serialize(Topics.GATEWAY_CONFIG, GATEWAY), GATEWAY),
                new ExampleRecord("mail-accepted", Topics.MAIL_ACCEPTED, null, key, accepted(), MESSAGE, null),
                request("etrn-request", ETRN, "5b3f1d9e-7a2c-4e8b-b6d0-1f3a5c7e9b22", EDGE_0),
                request("atrn-request", ATRN, "7d5b3f1a-9c2e-4a6d-8e0b-3c5e7a9d1f44", EDGE_1),
                request("atrn-end-request", ATRN_END, "9f7d5b3c-1e2a-4c8b-a0d6-5e7c9b1f3a66", EDGE_1),
                request("admin-request", ADMIN_RELEASE, "1b9f7d5e-3a4c-4e0d-b2f8-7a9e1d3c5b88", QUEUE),
                new ExampleRecord("mail-released", Topics.MAIL_RELEASED, null, key, released(), new byte[0], null),
                reply("etrn-answer", ETRN_ANSWER, ETRN.replyPartition(), "2d0a8e6c-4b5f-4a1e-9c3d-8b0f2e4a6c13"),
                reply("atrn-answer", ATRN_ANSWER, ATRN.replyPartition(), "4f2c0a8e-6d7b-4c3a-8e5f-0d2b4c6e8a35"),
                new ExampleRecord("atrn-message", Topics.EDGE_REPLIES, ATRN.replyPartition(), key, atrnMessage(),
                        MESSAGE, null),
                new ExampleRecord("delivery-outcome", Topics.DELIVERY_OUTCOMES, null, key,
                        json("6a4e2c0b-8f9d-4e5c-a7b1-2f4d6a8c0e57", EventTypes.DELIVERY_OUTCOME, DELIVERY,
                                "2026-05-04T09:30:02.734Z"),
                        ContractSerdes.deliveryOutcome().serialize(Topics.DELIVERY_OUTCOMES, OUTCOME), OUTCOME),
                new ExampleRecord("queue-usage", Topics.QUEUE_USAGE, null, key,
                        json("8c6a4e2d-0b1f-4a7e-9d3c-4b6f8c0e2a79", EventTypes.QUEUE_USAGE, QUEUE,
                                "2026-05-04T09:30:02.800Z"),
                        ContractSerdes.queueUsage().serialize(Topics.QUEUE_USAGE, USAGE), USAGE),
                lifecycle("lifecycle-gateway-changed", GATEWAY_CHANGED, "0e8c6a4f-2d3b-4c9e-8f5a-6d8b0e2c4a91", CONFIG),
                lifecycle("lifecycle-accepted", ACCEPTED, "2a0e8c6b-4f5d-4e1a-b7c9-8f0d2a4e6c13", EDGE_0),
                lifecycle("lifecycle-etrn", ETRN_EVENT, "4c2a0e8d-6b7f-4a3c-9e1b-0b2f4c6a8e35", QUEUE),
                lifecycle("lifecycle-delivered", DELIVERED, "6e4c2a0f-8d9b-4c5e-a3f7-2d4b6e8c0a57", DELIVERY));
    }

    private static byte[] key(String topic, DomainName domain) {
        return ContractSerdes.key().serializer().serialize(topic, domain);
    }

    private static Headers json(String id, String type, String source, String time) {
        return CloudEvents.apply(new RecordHeaders(), id, type, source, CloudEvents.JSON, Instant.parse(time));
    }

    private static ExampleRecord request(String name, DequeueRequest r, String id, String source) {
        return new ExampleRecord(name, Topics.DEQUEUE_REQUESTS, null, key(Topics.DEQUEUE_REQUESTS, r.domain()),
                CloudEvents.apply(new RecordHeaders(), id, r.eventType(), source, CloudEvents.JSON, r.requestedAt()),
                ContractSerdes.dequeueRequest().serialize(Topics.DEQUEUE_REQUESTS, r), r);
    }

    private static ExampleRecord reply(String name, EdgeReply r, int partition, String id) {
        Instant at = r instanceof EtrnAnswer e ? e.answeredAt() : ((AtrnAnswer) r).answeredAt();
        return new ExampleRecord(name, Topics.EDGE_REPLIES, partition, key(Topics.EDGE_REPLIES, r.domain()),
                CloudEvents.apply(new RecordHeaders(), id, r.eventType(), QUEUE, CloudEvents.JSON, at),
                ContractSerdes.edgeReply().serialize(Topics.EDGE_REPLIES, r), r);
    }

    private static ExampleRecord lifecycle(String name, LifecycleEvent e, String id, String source) {
        return new ExampleRecord(name, Topics.MAIL_LIFECYCLE, null, key(Topics.MAIL_LIFECYCLE, e.domain()),
                CloudEvents.apply(new RecordHeaders(), id, e.eventType(), source, CloudEvents.JSON, e.at()),
                ContractSerdes.lifecycleEvent().serialize(Topics.MAIL_LIFECYCLE, e), e);
    }

    private static Headers accepted() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "9a7c5e3b-1f2d-4b8a-8c6e-4d6f8a0c2e01",
                EventTypes.MAIL_ACCEPTED, EDGE_0, CloudEvents.RFC822, RECEIVED_AT);
        MailHeaders.putEnvelope(h, ENVELOPE);
        return h;
    }

    /** Where the mail-accepted example record is: the body the mail-released example names. */
    public static final MailHeaders.AcceptedRef ACCEPTED_AT = new MailHeaders.AcceptedRef(3, 1187);

    /**
     * The envelope of a release that names its body: what queue-service's state knows (message id,
     * sender, size, received time, the recipients still pending); the rest is the accepted record's.
     */
    public static final Envelope RELEASED_ENVELOPE = new Envelope(ENVELOPE.messageId(), null, ENVELOPE.reversePath(),
            null, null, null, ENVELOPE.size(), ENVELOPE.recipients(), null, null, null, false, ENVELOPE.receivedAt());

    private static Headers released() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "b1d9f7a5-3c4e-4d0b-9a8f-6e8a0c2e4b23",
                EventTypes.MAIL_RELEASED, QUEUE, CloudEvents.RFC822, Instant.parse("2026-05-04T09:30:00.190Z"));
        MailHeaders.putEnvelope(h, RELEASED_ENVELOPE);
        MailHeaders.putRelease(h, ETRN_RELEASE_ID, ETRN_LEASE_DEADLINE, TARGET, 1);
        MailHeaders.putAcceptedRef(h, ACCEPTED_AT);
        return h;
    }

    /** The message sent to the ATRN session: only the recipient still pending after the ETRN attempt. */
    private static Headers atrnMessage() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "c3f1b9d7-5e6a-4f2c-8b0a-8a0c2e4a6d45",
                EventTypes.REPLY_ATRN_MESSAGE, QUEUE, CloudEvents.RFC822, Instant.parse("2026-05-04T10:15:00.060Z"));
        MailHeaders.putEnvelope(h, ENVELOPE.withRecipients(List.of(SALES)));
        MailHeaders.putRelease(h, ATRN_RELEASE_ID, ATRN_LEASE_DEADLINE, null, 2);
        CloudEvents.put(h, MailHeaders.SESSION_ID, ATRN.sessionId());
        return h;
    }
}
