package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recipe of {@code docs/inspect.md}, run verbatim against the running system after known
 * traffic: two messages held for one domain, and for another an ETRN that delivers one message and
 * has the other refused by the receiver with a known reply. Each recipe's output must state the
 * facts (the queue id, the held count, the reply text); a recipe on the page without a check here,
 * or a check without its recipe, fails too.
 */
class InspectRecipesTest {
    private static final String HELD_DOMAIN = "held.inspect.test";
    private static final String ETRN_DOMAIN = "etrn.inspect.test";
    private static final String SENDER = "ann@from.inspect.test";
    private static final String REFUSAL = "550 5.1.1 <refused@" + ETRN_DOMAIN + ">: inspect-test knows no such user";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static DequeueSystem system;
    private static String delivered;
    private static String refused;
    private static List<String> heldIds;

    @BeforeAll
    static void traffic() throws Exception {
        InspectRecipes.requireTools();
        system = DequeueSystem.get();

        system.putGateway(HELD_DOMAIN, Etrn.gateway(false, Etrn.REQUESTER_IP, LocalRun.freePort(), null, Etrn.LOOPBACK_ONLY));
        heldIds = List.of(send(SENDER, "one@" + HELD_DOMAIN), send(SENDER, "two@" + HELD_DOMAIN));
        assertThat(system.awaitHeld(HELD_DOMAIN, 2, WAIT)).isEqualTo(2);

        try (ScriptedReceiver receiver = new ScriptedReceiver(
                a -> a.startsWith("refused@") ? REFUSAL : "250 2.1.5 Ok")) {
            system.putGateway(ETRN_DOMAIN, Etrn.gateway(false, Etrn.REQUESTER_IP, receiver.port(), null, Etrn.LOOPBACK_ONLY));
            delivered = send(SENDER, "ok@" + ETRN_DOMAIN);
            // the null sender: a permanent failure makes no DSN
            refused = send("", "refused@" + ETRN_DOMAIN);
            assertThat(system.awaitHeld(ETRN_DOMAIN, 2, WAIT)).isEqualTo(2);
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + ETRN_DOMAIN, null, null)).startsWith("253 ");
            Lifecycle.await(system, ETRN_DOMAIN, "the delivery", Lifecycle.type("delivered").and(Lifecycle.message(delivered)), WAIT);
            Lifecycle.await(system, ETRN_DOMAIN, "the refusal", Lifecycle.type("failed").and(Lifecycle.message(refused)), WAIT);
        }
    }

    private static String send(String from, String to) throws Exception {
        byte[] msg = MailIn.message(from.isEmpty() ? "mailer-daemon@from.inspect.test" : from, to, "inspect", "for the recipes");
        String reply = MailIn.send(system.smtpPort(), from, List.of(to), msg);
        return reply.substring(reply.lastIndexOf(' ') + 1);
    }

    @Test
    void everyRecipeOnThePageIsCheckedHere() {
        assertThat(InspectRecipes.all().keySet()).containsExactlyInAnyOrder("tail-domain", "follow-message",
                "held-per-domain", "failed-last-hour", "decode-envelope", "record-headers");
    }

    @Test
    void tailDomainShowsTheDomainsEventsOnly() throws Exception {
        List<String> lines = ok("tail-domain", Map.of("DOMAIN", ETRN_DOMAIN)).lines();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("  accepted  " + delivered + "  "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("  etrn  -  "));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("  delivered  " + delivered + "  ").contains("reply=250"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("  failed  " + refused + "  ").contains(REFUSAL));
        assertThat(String.join("\n", lines)).doesNotContain(heldIds.get(0)).doesNotContain(heldIds.get(1));
    }

    @Test
    void followMessageGoesFromAcceptedToDelivered() throws Exception {
        List<String> lines = ok("follow-message", Map.of("QUEUE_ID", delivered)).lines();
        assertThat(lines).allSatisfy(l -> assertThat(l.split("  ")[2]).isEqualTo(delivered));
        List<String> types = lines.stream().map(l -> l.split("  ")[1]).toList();
        assertThat(types).containsExactly("accepted", "held", "released", "delivered");
        assertThat(lines.get(3)).contains("ok@" + ETRN_DOMAIN).contains("  250");
    }

    @Test
    void heldPerDomainShowsTheHeldCount() {
        String line = Awaitility.await("queue.usage shows 2 held for " + HELD_DOMAIN).atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ok("held-per-domain", Map.of()).lines().stream()
                        .filter(l -> l.startsWith(HELD_DOMAIN + "  ")).findFirst().orElse(""),
                        l -> l.contains("  held=2  "));
        assertThat(line).containsPattern("bytes=[1-9][0-9]*  inFlight=0  oldest=20[0-9-]+T");
    }

    @Test
    void failedLastHourListsTheRefusalWithItsReply() throws Exception {
        List<String> lines = ok("failed-last-hour", Map.of()).lines();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("  " + ETRN_DOMAIN + "  " + refused + "  refused@"
                + ETRN_DOMAIN + "  permanent  ").endsWith(REFUSAL));
        assertThat(String.join("\n", lines)).doesNotContain(delivered);
    }

    @Test
    void decodeEnvelopeShowsTheEnvelopeOfTheQueueId() throws Exception {
        JsonNode out = new ObjectMapper().readTree(ok("decode-envelope", Map.of("QUEUE_ID", delivered)).stdout());
        assertThat(out.path("type").asText()).isEqualTo("io.dequeue.mail.accepted");
        assertThat(out.path("time").asText()).matches("20\\d\\d-.*Z");
        JsonNode envelope = out.path("envelope");
        assertThat(envelope.path("queueId").asText()).isEqualTo(delivered);
        assertThat(envelope.path("reversePath").asText()).isEqualTo(SENDER);
        assertThat(envelope.path("recipients").get(0).path("address").asText()).isEqualTo("ok@" + ETRN_DOMAIN);
        assertThat(envelope.path("clientAddress").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void recordHeadersPrintsTheHeadersOfTheQueueIdsRecord() throws Exception {
        List<String> lines = ok("record-headers", Map.of("QUEUE_ID", delivered)).lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("mail.accepted[").contains(" key=" + ETRN_DOMAIN + " ")
                .contains("ce_type=io.dequeue.mail.accepted").contains("\"queueId\":\"" + delivered + "\"");
    }

    /** Runs a recipe with BROKER and the given variables; it must exit 0. */
    private static InspectRecipes.Result ok(String name, Map<String, String> vars) throws Exception {
        String script = InspectRecipes.all().get(name);
        assertThat(script).as("recipe " + name + " in " + InspectRecipes.DOC).isNotNull();
        Map<String, String> env = new java.util.HashMap<>(vars);
        env.put("BROKER", "127.0.0.1:" + system.kafkaPort());
        InspectRecipes.Result r = InspectRecipes.run(script, env);
        System.out.printf("=== recipe %s %s (exit %d)%n%s%s%n", name, vars, r.exitCode(), r.stdout(), r.stderr());
        assertThat(r.exitCode()).as("exit code of recipe " + name + "; stderr: " + r.stderr()).isZero();
        return r;
    }
}
