package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of every service on one machine, as the Helm chart runs them
 * ({@link MultiInstanceSystem}: two edges, two queue-services, two delivery-services, one broker).
 * 5,000 messages for 50 ETRN gateways are held before the tests; the tests run in order because
 * the last one flushes them and kills a queue-service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceTest {
    private static final int DOMAINS = 50;
    private static final int PER_DOMAIN = 100;
    private static final int TOTAL = DOMAINS * PER_DOMAIN;
    /**
     * Longer than a consumer group's session timeout (45 s), so the survivor takes over before a
     * lease ends, and than the whole flush on two busy cores, so a release is never given up only
     * because delivery of 5,000 messages was slow.
     */
    private static final Duration LEASE = Duration.ofMinutes(3);

    private static MultiInstanceSystem system;
    private static SmtpSink sink;
    private static String parent;
    private static final List<String> domains = new ArrayList<>();
    /** The envelope senders (one per message) the edges answered 250 to. */
    private static final Set<String> answered = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        assertThat(SmtpSink.available()).as("Postfix smtp-sink at " + SmtpSink.BINARY + " (CI installs postfix)").isTrue();
        system = MultiInstanceSystem.start(LEASE);
        sink = SmtpSink.start(LocalRun.freePort());
        parent = "flush-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        List<String> recipients = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) {
            String domain = String.format("d%02d.%s", d, parent);
            system.putGateway(domain, Etrn.gateway(false, Etrn.REQUESTER_IP, sink.port, "Fl-Kq7x-Pw92-zR", Etrn.LOOPBACK_ONLY));
            domains.add(domain);
            recipients.add("user@" + domain);
        }
        for (MultiInstanceSystem.Edge e : system.edges) {
            for (String d : domains) {
                Gateways.awaitEdgeKnows(e.smtpPort(), d);
            }
        }
        BulkMail.send(system.edges.stream().map(MultiInstanceSystem.Edge::smtpPort).toList(), 5, TOTAL, recipients,
                answered);
        assertThat(answered).hasSize(TOTAL);
        await("queue-service holds " + PER_DOMAIN + " messages for each of the " + DOMAINS + " domains")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(heldByDomain(system.queues.get(0)))
                        .hasSize(DOMAINS).allSatisfy((d, n) -> assertThat(n).isEqualTo(PER_DOMAIN)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (sink != null) {
            sink.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void atrnOnOneEdgeWhileAnotherIsOpenOnTheOtherEdgeIs451() throws Exception {
        String domain = Gateways.fresh("multi-atrn");
        system.putGateway(domain, Gateways.atrn(true)); // one ATRN session at a time
        MultiInstanceSystem.Edge a = system.edges.get(0);
        MultiInstanceSystem.Edge b = system.edges.get(1);
        Gateways.awaitEdgeKnows(a.smtpPort(), domain);
        Gateways.awaitEdgeKnows(b.smtpPort(), domain);
        for (int i = 0; i < 2; i++) {
            String from = "atrn" + i + "@remote.example";
            MailIn.send(a.smtpPort(), from, List.of("user@" + domain), MailIn.message(from, "user@" + domain, "atrn " + i, "x"));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> heldOf(domain), u -> u.equals(List.of(2L, 0L)));

        try (AtrnClient first = new AtrnClient(a.odmrPort())) {
            first.ehlo();
            assertThat(first.authCramMd5(domain, Gateways.PASSWORD)).startsWith("235");
            assertThat(first.atrn(domain)).isEqualTo("250 OK now reversing the connection");
            try (AtrnClient second = new AtrnClient(b.odmrPort())) {
                second.ehlo();
                assertThat(second.authCramMd5(domain, Gateways.PASSWORD)).startsWith("235");
                assertThat(second.atrn(domain)).as("ATRN on edge B while edge A holds the domain's session")
                        .startsWith("451");
            }
            assertThat(first.silentFor(200)).as("edge A's session is still open, waiting for the customer's 220").isTrue();
        }
        // the first customer left without taking its turn: everything is held again
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> heldOf(domain), u -> u.equals(List.of(2L, 0L)));
        assertThat(system.edges.get(0).process().logText()).contains("ATRN by " + domain);
    }

    @Test
    @Order(2)
    void theAdminApiOfEitherQueueServiceListsEveryDomainAndMessage() {
        Map<String, Set<String>> sendersByDomain = new HashMap<>();
        for (int n = 0; n < TOTAL; n++) {
            sendersByDomain.computeIfAbsent(domains.get(n % DOMAINS), k -> new HashSet<>()).add(BulkMail.sender(n));
        }
        // each instance owns some of the domains (its active partitions) and lists only those locally
        Set<String> local0 = ours(system.queues(system.queues.get(0), true).keySet());
        Set<String> local1 = ours(system.queues(system.queues.get(1), true).keySet());
        assertThat(local0).as("queue-0's own domains").isNotEmpty().doesNotContainAnyElementsOf(local1);
        assertThat(local1).as("queue-1's own domains").isNotEmpty();
        assertThat(union(local0, local1)).containsExactlyInAnyOrderElementsOf(domains);

        for (ServiceProcess queue : system.queues) {
            assertThat(heldByDomain(queue)).as("GET /api/queues on " + queue.name)
                    .hasSize(DOMAINS).allSatisfy((d, n) -> assertThat(n).isEqualTo(PER_DOMAIN));
            for (String d : domains) {
                List<JsonNode> messages = system.messages(queue, d);
                assertThat(messages).as(d + " listed by " + queue.name + " (owned by "
                                + (local0.contains(d) ? "queue-0" : "queue-1") + ")")
                        .extracting(m -> m.path("sender").asText())
                        .containsExactlyInAnyOrderElementsOf(sendersByDomain.get(d));
            }
        }
    }

    @Test
    @Order(2)
    void whereIsMessageXIsAnsweredByTheInstanceThatDoesNotOwnIt() throws Exception {
        ServiceProcess owner = system.queues.get(1);
        ServiceProcess other = system.queues.get(0);
        String domain = ours(system.queues(owner, true).keySet()).iterator().next();
        String id = system.messages(owner, domain).get(0).path("id").asText();

        java.net.http.HttpResponse<String> r = system.send("GET", other.httpPort, "/api/messages/" + id, null);
        assertThat(r.statusCode()).as(other.name + " /api/messages/" + id + ": " + r.body()).isEqualTo(200);
        JsonNode a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(a.path("messageId").asText()).isEqualTo(id);
        assertThat(a.path("domain").asText()).isEqualTo(domain);
        assertThat(a.path("state").asText()).isEqualTo("held");
        // the edge's accepted and the queue's held once each: the timeline records them itself and
        // skips their copies on mail.lifecycle
        assertThat(a.path("timeline").findValuesAsText("type")).containsExactly("accepted", "held");
        assertThat(a.path("timeline").get(0).path("service").asText()).isEqualTo("smtp-edge");
        assertThat(a.path("timeline").get(0).path("details").path("client").asText()).isNotEmpty();
        assertThat(system.send("GET", other.httpPort, "/api/messages/no-such-" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void etrnFlushLosesNothingWhenAQueueServiceIsKilledInTheMiddle() throws Exception {
        ServiceProcess victim = system.queues.get(1);
        ServiceProcess survivor = system.queues.get(0);
        long begin = System.nanoTime();
        String reply = Etrn.etrn(system.edges.get(1).smtpPort(), "ETRN @" + parent, null, null);
        assertThat(reply).startsWith("25");

        await("a third of the flush delivered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(sink::dumpCount, n -> n >= TOTAL / 3);
        Set<String> victimDomains = ours(system.queues(victim, true).keySet());
        victim.kill();
        long killedAt = System.nanoTime();
        int deliveredAtKill = sink.dumpCount();
        assertThat(victimDomains).as("domains with mail not yet settled on " + victim.name + " when it was killed")
                .isNotEmpty();
        assertThat(deliveredAtKill).as("deliveries when " + victim.name + " was killed").isLessThan(TOTAL);

        // the survivor takes the dead instance's partitions (after the group's session timeout) and
        // finishes the flush: nothing of ours is held or in flight any more
        await("every domain settled on " + survivor.name).atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ours(system.queues(survivor, false).keySet()).isEmpty()
                        && sink.dumpCount() >= TOTAL);
        long settledAt = System.nanoTime();
        List<SmtpSink.Received> received = sink.awaitCount(TOTAL, Duration.ofSeconds(10));

        Map<String, Long> copies = received.stream().collect(Collectors.groupingBy(SmtpSink.Received::mailFrom,
                TreeMap::new, Collectors.counting()));
        Set<String> lost = new HashSet<>(answered);
        lost.removeAll(copies.keySet());
        long duplicates = received.size() - copies.size();
        Map<String, Long> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String figures = String.format("answered 250: %d, delivered: %d distinct in %d deliveries, duplicates: %d, "
                        + "lost: %d; %s killed after %d deliveries with %d of its domains unsettled; flush %d ms, "
                        + "settled %d ms after the kill",
                answered.size(), copies.size(), received.size(), duplicates, lost.size(), victim.name,
                deliveredAtKill, victimDomains.size(), TimeUnit.NANOSECONDS.toMillis(settledAt - begin),
                TimeUnit.NANOSECONDS.toMillis(settledAt - killedAt));
        System.out.println("MULTI-INSTANCE FLUSH: " + figures);

        assertThat(lost).as(figures).isEmpty();
        assertThat(copies.keySet()).as(figures).isEqualTo(answered);
        // a duplicate is a message that was in flight (released, not settled) on the killed instance:
        // one of its domains, delivered at most twice
        assertThat(duplicated).as(figures).allSatisfy((sender, n) -> {
            assertThat(n).isEqualTo(2);
            int index = Integer.parseInt(sender.substring(1, sender.indexOf('@')));
            assertThat(victimDomains).contains(domains.get(index % DOMAINS));
        });
        assertThat(survivor.isAlive()).isTrue();
    }

    /** heldCount by domain for our ETRN domains, as {@code GET /api/queues} of one instance shows them. */
    private static Map<String, Long> heldByDomain(ServiceProcess queue) {
        Map<String, Long> r = new TreeMap<>();
        system.queues(queue, false).forEach((d, q) -> {
            if (d.endsWith("." + parent)) {
                r.put(d, q.path("heldCount").asLong());
            }
        });
        return r;
    }

    /** [heldCount, inFlight] of one domain, from queue-0. */
    private static List<Long> heldOf(String domain) {
        JsonNode q = system.queues(system.queues.get(0), false).get(domain);
        return q == null ? List.of(0L, 0L) : List.of(q.path("heldCount").asLong(), q.path("inFlight").asLong());
    }

    private static Set<String> ours(Set<String> listed) {
        return listed.stream().filter(d -> d.endsWith("." + parent)).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
