package io.dequeue.systemtest;

import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dequeue on a three-node Kafka cluster (replication 3, {@code min.insync.replicas} 2; each node
 * broker and controller in a JVM of its own), losing the node that leads a held domain's partitions
 * (SIGKILL, no controlled shutdown): while mail for the domain is being accepted, and in the middle of
 * an ETRN flush. Every message answered 250 is delivered; a flush interrupted by the failure finishes;
 * the figures (answered 250, delivered, duplicates, lost) are printed on standard output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailureTest {
    private static final int ACCEPT_MESSAGES = 400;
    private static final int FLUSH_MESSAGES = 200;
    private static DequeueSystem system;
    private static KafkaNodes kafka;
    /** ETRNs sent again while waiting for a flush to finish (see {@link #deliveredSubjects}). */
    private static int extraEtrns;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.startOwn(Map.of("KAFKA_NODES", "3"));
        kafka = KafkaNodes.of(system.run);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (system != null) {
            system.run.close();
        }
    }

    @Test
    @Order(1)
    void everyTopicAndChangelogHasThreeCopiesAndNeedsTwo() throws Exception {
        assertThat(kafka.bootstrapServers.split(",")).hasSize(3);
        for (var spec : Topics.all()) {
            assertThat(kafka.replicas(spec.name())).as(spec.name()).isEqualTo(3);
            assertThat(kafka.minInsyncReplicas(spec.name())).as(spec.name()).isEqualTo("2");
        }
        assertThat(kafka.changelogs()).isNotEmpty().allSatisfy(changelog -> {
            assertThat(kafka.replicas(changelog)).as(changelog).isEqualTo(3);
            assertThat(kafka.minInsyncReplicas(changelog)).as(changelog).isEqualTo("2");
        });
        assertThat(kafka.replicas("__transaction_state")).isEqualTo(3);
        assertThat(kafka.minInsyncReplicas("__transaction_state")).isEqualTo("2");
    }

    @Test
    @Order(2)
    void killingTheLeaderWhileAcceptingLosesNoMessageAnswered250() throws Exception {
        String domain = "kill-accept.brokers.test";
        int sinkPort = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(false, Etrn.host("127.0.0.1"), sinkPort, null, null));
        Gateways.awaitEdgeKnows(system.smtpPort(), domain);
        int leader = leadAll(domain);

        Set<String> accepted;
        Map<String, String> refused;
        try (SmtpLoad load = new SmtpLoad(system.smtpPort(), "user@" + domain, "accept", ACCEPT_MESSAGES, 4)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> load.accepted().size() >= ACCEPT_MESSAGES / 4);
            kafka.kill(leader);
            load.await(5, TimeUnit.MINUTES);
            accepted = load.accepted();
            refused = load.refused();
        }
        assertThat(accepted.size()).as("answered 250 (refused: %s)", refused).isGreaterThan(ACCEPT_MESSAGES / 4);
        assertThat(accepted.size() + refused.size()).isEqualTo(ACCEPT_MESSAGES);

        try (SmtpSink sink = SmtpSink.start(sinkPort)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> system.heldCount(domain) >= accepted.size());
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            extraEtrns = 0;
            List<String> delivered = deliveredSubjects(domain, sink, accepted);
            report("accept", leader, accepted, refused.size(), delivered);
        }
    }

    @Test
    @Order(3)
    void killingTheLeaderInTheMiddleOfAFlushLosesNoHeldMessage() throws Exception {
        // the node killed before is back and has caught up: one more loss leaves two copies of everything
        kafka.awaitAllInSync(Duration.ofSeconds(120));
        String domain = "kill-flush.brokers.test";
        int sinkPort = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(false, Etrn.host("127.0.0.1"), sinkPort, null, null));
        Gateways.awaitEdgeKnows(system.smtpPort(), domain);
        Set<String> held;
        try (SmtpLoad load = new SmtpLoad(system.smtpPort(), "user@" + domain, "flush", FLUSH_MESSAGES, 4)) {
            load.await(5, TimeUnit.MINUTES);
            assertThat(load.refused()).as("refused while every node is up").isEmpty();
            held = load.accepted();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> system.heldCount(domain) == FLUSH_MESSAGES);
        int leader = leadAll(domain);

        // the customer's server makes about one DATA in ten wait a second, so the flush lasts long enough to be cut
        try (SmtpSink sink = SmtpSink.start(sinkPort, "-W", "data:1:10")) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> sink.received().size() >= FLUSH_MESSAGES / 4);
            int beforeKill = sink.received().size();
            kafka.kill(leader);
            assertThat(beforeKill).as("the flush was under way, not over, at the kill").isLessThan(FLUSH_MESSAGES);
            extraEtrns = 0;
            List<String> delivered = deliveredSubjects(domain, sink, held);
            report("flush", leader, held, 0, delivered);
        }
    }

    /** Moves the leadership of the domain's partitions (its topics and changelogs) onto one node; returns it. */
    private static int leadAll(String domain) throws Exception {
        List<TopicPartition> partitions = kafka.domainPartitions(domain);
        int leader = kafka.leader(new TopicPartition(Topics.MAIL_ACCEPTED, KafkaNodes.partitionOf(domain)));
        kafka.lead(leader, partitions);
        return leader;
    }

    /**
     * Waits until queue-service neither holds nor has in flight anything for the domain and every
     * expected subject arrived; returns the subjects the sink received (duplicates included). Mail
     * held again with nothing in flight (a release whose lease ran out) is asked for once more, as
     * the customer's next poll would, at most every 30 s; {@link #extraEtrns} counts those.
     */
    private static List<String> deliveredSubjects(String domain, SmtpSink sink, Set<String> expected) {
        long[] lastEtrn = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var queue = system.queue(domain);
            if (queue != null && queue.path("heldCount").asInt() > 0 && queue.path("inFlight").asInt() == 0
                    && System.nanoTime() - lastEtrn[0] > TimeUnit.SECONDS.toNanos(30)) {
                Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null);
                lastEtrn[0] = System.nanoTime();
                extraEtrns++;
            }
            assertThat(queue).as("nothing held or in flight for " + domain).isNull();
            assertThat(subjects(sink)).containsAll(expected);
        });
        return subjects(sink);
    }

    private static List<String> subjects(SmtpSink sink) {
        return sink.received().stream().map(r -> OdmrFetchmailTest.subjectOf(r.message())).toList();
    }

    private static void report(String phase, int killed, Set<String> expected, int refused, List<String> delivered) {
        Set<String> distinct = new HashSet<>(delivered);
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(distinct);
        Set<String> extra = new HashSet<>(distinct);
        extra.removeAll(expected);
        System.out.printf("BROKER-FAILURE %s: node %d killed; answered 250: %d, refused: %d, delivered: %d"
                        + " (distinct %d, of them not answered 250: %d), duplicates: %d, lost: %d; ETRNs sent again: %d%n",
                phase, killed, expected.size(), refused, delivered.size(), distinct.size(), extra.size(),
                delivered.size() - distinct.size(), lost.size(), extraEtrns);
        assertThat(lost).as("messages answered 250 and never delivered").isEmpty();
    }
}
