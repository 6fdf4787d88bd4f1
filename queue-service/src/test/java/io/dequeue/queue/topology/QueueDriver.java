package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.body.InMemoryBodies;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.store.StoreVisits;
import io.dequeue.queue.usage.UsageCounters;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/** The queue topology in a {@link TopologyTestDriver}, with the contract's topics and helpers to speak it. */
public final class QueueDriver implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    static final String EDGE = CloudEvents.source("smtp-edge", "edge-0");

    public final TopologyTestDriver driver;
    public final CountingMetrics metrics = new CountingMetrics();
    public final StoreVisits visits = new StoreVisits();
    /** The bodies of mail.accepted as the processor read them (unless the options bring their own). */
    public final InMemoryBodies bodies = new InMemoryBodies();
    public final QueueOptions options;
    private final Path stateDir;
    private final TestInputTopic<String, byte[]> gatewaysIn;
    private final TestInputTopic<String, byte[]> acceptedIn;
    private final TestInputTopic<String, byte[]> requestsIn;
    private final TestInputTopic<String, byte[]> outcomesIn;
    public final TestOutputTopic<String, byte[]> released;
    public final TestOutputTopic<String, byte[]> replies;
    public final TestOutputTopic<String, byte[]> usage;
    public final TestOutputTopic<String, byte[]> lifecycle;
    public final TestOutputTopic<String, byte[]> acceptedOut;

    /**
     * A {@link HeldMail} over the driver's stores of partition 0, as {@code QueueProcessor.init}
     * makes one (without visit counting): what the tests of the derived stores rebuild with.
     */
    public HeldMail heldMail() {
        return new HeldMail(bodies.open(0), 0, driver.getKeyValueStore(QueueStores.MESSAGES),
                driver.getKeyValueStore(QueueStores.INDEX), driver.getKeyValueStore(QueueStores.DEADLINES),
                driver.getKeyValueStore(QueueStores.MESSAGE_DEADLINES), driver.getKeyValueStore(QueueStores.GRANTS),
                driver.getKeyValueStore(QueueStores.JOBS), driver.getKeyValueStore(QueueStores.USAGE), null);
    }

    public QueueDriver() {
        this(testOptions());
    }

    public QueueDriver(QueueOptions base) {
        this(base, StreamsConfig.EXACTLY_ONCE_V2);
    }

    /** With another processing guarantee (only the large scaling test uses at-least-once, for speed). */
    public QueueDriver(QueueOptions base, String guarantee) {
        this(base, guarantee, t -> t);
    }

    /** With more added to the queue topology (e.g. the message timeline). */
    public QueueDriver(QueueOptions base, String guarantee,
                       java.util.function.UnaryOperator<org.apache.kafka.streams.Topology> extend) {
        io.dequeue.queue.TestLogging.quiet();
        QueueOptions withMetrics = base.withMetrics(metrics, visits);
        options = base.bodies() == null ? withMetrics.withBodies(bodies) : withMetrics;
        try {
            Files.createDirectories(Path.of("target"));
            stateDir = Files.createTempDirectory(Path.of("target"), "queue-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dequeue-queue-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(extend.apply(QueueTopology.build(options)), p, T0);
        StringSerializer ks = new StringSerializer();
        ByteArraySerializer vs = new ByteArraySerializer();
        gatewaysIn = driver.createInputTopic(Topics.GATEWAY_CONFIG, ks, vs);
        acceptedIn = driver.createInputTopic(Topics.MAIL_ACCEPTED, ks, vs);
        requestsIn = driver.createInputTopic(Topics.DEQUEUE_REQUESTS, ks, vs);
        outcomesIn = driver.createInputTopic(Topics.DELIVERY_OUTCOMES, ks, vs);
        StringDeserializer kd = new StringDeserializer();
        ByteArrayDeserializer vd = new ByteArrayDeserializer();
        released = driver.createOutputTopic(Topics.MAIL_RELEASED, kd, vd);
        replies = driver.createOutputTopic(Topics.EDGE_REPLIES, kd, vd);
        usage = driver.createOutputTopic(Topics.QUEUE_USAGE, kd, vd);
        lifecycle = driver.createOutputTopic(Topics.MAIL_LIFECYCLE, kd, vd);
        acceptedOut = driver.createOutputTopic(Topics.MAIL_ACCEPTED, kd, vd);
    }

    /** Service defaults with short intervals, a 10 minute lease, and a known reporting MTA. */
    public static QueueOptions testOptions() {
        return QueueOptions.defaults()
                .withLease(Duration.ofMinutes(10), Duration.ofMinutes(30))
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withIdentity("gw.dequeue.test", CloudEvents.source(QueueOptions.SERVICE, "queue-test"));
    }

    public Instant now() {
        return T0.plusMillis(elapsed);
    }

    private long elapsed;

    /** Advances the mock wall clock (wall-clock punctuators fire). */
    public void advance(Duration d) {
        elapsed += d.toMillis();
        driver.advanceWallClockTime(d);
    }

    // ---- inputs

    public void gateway(GatewaySettings s) {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, EventTypes.GATEWAY_CONFIG, CloudEvents.source("config-service", "config-0"),
                CloudEvents.JSON);
        GatewayRecord r = new GatewayRecord(s, null, 1, null, now());
        gatewaysIn.pipeInput(new TestRecord<>(s.domain().value(), Json.write(r), h, now()));
    }

    public void deleteGateway(String domain) {
        gatewaysIn.pipeInput(new TestRecord<>(domain, null, new RecordHeaders(), now()));
    }

    public static byte[] message(String from, String to, String subject, String body) {
        String text = "Received: from mail.example.com (mail.example.com [198.51.100.20])\r\n"
                + "        by edge-0.dequeue.test (Dequeue) with ESMTPS id Q1;\r\n"
                + "        Mon, 4 May 2026 08:02:11 +0000\r\n"
                + "From: <" + from + ">\r\n"
                + "To: <" + to + ">\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@example.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "\r\n"
                + body + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Accepts a message for {@code domain} with the given recipients (local parts or full addresses). */
    public Envelope accept(String domain, String sender, String... recipients) {
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(new Envelope.Recipient(r.contains("@") ? r : r + "@" + domain));
        }
        return accept(domain, sender, rcpts, null, null, "Hello");
    }

    public Envelope accept(String domain, String sender, List<Envelope.Recipient> recipients, Envelope.Ret ret,
                           String envid, String body) {
        byte[] raw = message(sender.isEmpty() ? "MAILER-DAEMON@example.com" : sender,
                recipients.get(0).address(), "Test for " + domain, body);
        Envelope e = new Envelope(UUID.randomUUID().toString(), "Q" + UUID.randomUUID().toString().substring(0, 8),
                sender, ret, envid, Envelope.Body.EIGHT_BIT_MIME, raw.length, recipients, "198.51.100.20",
                "mail.example.com", null, true, now());
        acceptRaw(domain, e, raw);
        return e;
    }

    public void acceptRaw(String domain, Envelope e, byte[] raw) {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, EventTypes.MAIL_ACCEPTED, EDGE, CloudEvents.RFC822);
        MailHeaders.putEnvelope(h, e);
        acceptedIn.pipeInput(new TestRecord<>(domain, raw, h, now()));
    }

    public void request(DequeueRequest r) {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, r.eventType(), EDGE, CloudEvents.JSON);
        requestsIn.pipeInput(new TestRecord<>(r.domain().value(), Json.write(r), h, now()));
    }

    public String etrn(String domain, String requester, int replyPartition) {
        String id = UUID.randomUUID().toString();
        request(new EtrnRequest(id, DomainName.parse(domain), requester, "s-" + id, replyPartition, domain, now()));
        return id;
    }

    public String atrn(String domain, String session, int replyPartition) {
        String id = UUID.randomUUID().toString();
        request(new AtrnRequest(id, DomainName.parse(domain), session, domain, "203.0.113.50", replyPartition, now()));
        return id;
    }

    public void atrnEnd(String domain, String session, String releaseId) {
        request(new AtrnSessionEnd(UUID.randomUUID().toString(), DomainName.parse(domain), session, releaseId, now()));
    }

    public void admin(String domain, AdminRequest.Action action, String messageId,
                      io.dequeue.model.settings.DeliverTo override, String reason) {
        request(new AdminRequest(UUID.randomUUID().toString(), DomainName.parse(domain), action, messageId, override,
                reason, "ops-admin", now()));
    }

    public void outcome(String domain, String messageId, String releaseId, DeliveryOutcome.RecipientResult... results) {
        DeliveryOutcome o = new DeliveryOutcome(releaseId, DomainName.parse(domain), messageId, List.of(results),
                "delivery-service", "mx.example.net", now());
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, EventTypes.DELIVERY_OUTCOME, CloudEvents.source("delivery-service", "d-0"),
                CloudEvents.JSON);
        outcomesIn.pipeInput(new TestRecord<>(domain, Json.write(o), h, now()));
    }

    public static DeliveryOutcome.RecipientResult delivered(String rcpt) {
        return new DeliveryOutcome.RecipientResult(rcpt, DeliveryOutcome.Status.DELIVERED,
                new DeliveryOutcome.SmtpReplyInfo(250, "2.0.0", "Ok: queued as 9C1F2A"));
    }

    public static DeliveryOutcome.RecipientResult transientFailure(String rcpt) {
        return new DeliveryOutcome.RecipientResult(rcpt, DeliveryOutcome.Status.TRANSIENT,
                new DeliveryOutcome.SmtpReplyInfo(452, "4.2.2", "Mailbox full, try again later"));
    }

    public static DeliveryOutcome.RecipientResult permanentFailure(String rcpt) {
        return new DeliveryOutcome.RecipientResult(rcpt, DeliveryOutcome.Status.PERMANENT,
                new DeliveryOutcome.SmtpReplyInfo(550, "5.1.1", "User unknown"));
    }

    // ---- outputs

    public List<TestRecord<String, byte[]>> drainReleased() {
        return released.readRecordsToList();
    }

    /** The JSON answers on edge.replies, in order (ATRN messages are skipped: see {@link #drainReplies()}). */
    public List<EdgeReply> answers() {
        List<EdgeReply> r = new ArrayList<>();
        for (TestRecord<String, byte[]> t : replies.readRecordsToList()) {
            if (!EventTypes.REPLY_ATRN_MESSAGE.equals(CloudEvents.type(t.headers()))) {
                r.add(Json.read(t.value(), EdgeReply.class));
            }
        }
        return r;
    }

    public List<TestRecord<String, byte[]>> drainReplies() {
        return replies.readRecordsToList();
    }

    public List<LifecycleEvent> events() {
        List<LifecycleEvent> r = new ArrayList<>();
        for (TestRecord<String, byte[]> t : lifecycle.readRecordsToList()) {
            LifecycleEvent e = Json.read(t.value(), LifecycleEvent.class);
            if (!e.eventType().equals(CloudEvents.type(t.headers()))) {
                throw new AssertionError("ce_type " + CloudEvents.type(t.headers()) + " for " + e.type());
            }
            r.add(e);
        }
        return r;
    }

    public List<QueueUsage> usages() {
        List<QueueUsage> r = new ArrayList<>();
        for (TestRecord<String, byte[]> t : usage.readRecordsToList()) {
            r.add(Json.read(t.value(), QueueUsage.class));
        }
        return r;
    }

    /** Empties every output topic (and the changelogs the driver keeps), e.g. after a setup phase. */
    public void drainAll() {
        released.readRecordsToList();
        replies.readRecordsToList();
        usage.readRecordsToList();
        lifecycle.readRecordsToList();
        acceptedOut.readRecordsToList();
        for (String store : QueueStores.QUEUE_STORES) {
            String changelog = "dequeue-queue-test-" + store + "-changelog";
            if (driver.producedTopicNames().contains(changelog)) {
                driver.createOutputTopic(changelog, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList();
            }
        }
    }

    // ---- stores

    public KeyValueStore<String, HeldMessage> messages() {
        return driver.getKeyValueStore(QueueStores.MESSAGES);
    }

    public HeldMessage state(String messageId) {
        String key = driver.<String, String>getKeyValueStore(QueueStores.INDEX).get(messageId);
        return key == null ? null : messages().get(key);
    }

    /**
     * The message a {@code mail.released} record delivers: its value, or (when it names its body,
     * as queue-service's releases do) the {@code mail.accepted} record it names, as delivery-service
     * reads it. Null when that record is gone.
     */
    public byte[] content(TestRecord<String, byte[]> released) {
        MailHeaders.AcceptedRef ref = MailHeaders.acceptedRef(released.headers());
        if (ref == null) {
            return released.value();
        }
        io.dequeue.model.body.AcceptedMail b = bodies.get(ref.partition(), ref.offset());
        return b == null ? null : b.raw();
    }

    /** Whether the message is held with a body that can be read (its mail.accepted record). */
    public boolean hasBody(String messageId) {
        HeldMessage m = state(messageId);
        return m != null && bodies.get(0, m.acceptedOffset()) != null;
    }

    /** The raw bytes of a held message, from its mail.accepted record; null when it is not held. */
    public byte[] body(String messageId) {
        HeldMessage m = state(messageId);
        io.dequeue.model.body.AcceptedMail b = m == null ? null : bodies.get(0, m.acceptedOffset());
        return b == null ? null : b.raw();
    }

    public UsageCounters counters(String domain) {
        UsageCounters c = driver.<String, UsageCounters>getKeyValueStore(QueueStores.USAGE).get(domain);
        return c == null ? UsageCounters.EMPTY : c;
    }

    /** Every deadline of both deadline stores (the logged one and the messages' own), in due order. */
    public List<io.dequeue.queue.store.DeadlineKey> deadlines() {
        List<org.apache.kafka.common.utils.Bytes> keys = new ArrayList<>();
        keys.addAll(deadlineKeys(QueueStores.DEADLINES));
        keys.addAll(deadlineKeys(QueueStores.MESSAGE_DEADLINES));
        return keys.stream().sorted().map(io.dequeue.queue.store.DeadlineKey::from).toList();
    }

    /** The keys of one deadline store, in order. */
    public List<org.apache.kafka.common.utils.Bytes> deadlineKeys(String store) {
        List<org.apache.kafka.common.utils.Bytes> r = new ArrayList<>();
        try (KeyValueIterator<org.apache.kafka.common.utils.Bytes, byte[]> it =
                     driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(store).all()) {
            it.forEachRemaining(kv -> r.add(kv.key));
        }
        return r;
    }

    /** The deadlines other than throttled usage publications. */
    public List<io.dequeue.queue.store.DeadlineKey> messageDeadlines() {
        return deadlines().stream().filter(d -> d.kind() != io.dequeue.queue.store.DeadlineKey.Kind.USAGE).toList();
    }

    public long count(String store) {
        long n = 0;
        try (KeyValueIterator<Object, Object> it = driver.getKeyValueStore(store).all()) {
            while (it.hasNext()) {
                KeyValue<Object, Object> kv = it.next();
                n += kv == null ? 0 : 1;
            }
        }
        return n;
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> s = Files.walk(stateDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
