package io.dequeue.edge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.settings.Quotas;
import io.dequeue.model.settings.RecipientVerification;
import io.dequeue.smtp.address.Mailbox;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecipientPolicyTest {

    static final long GLOBAL = 10_000;

    static GatewaySettings gw(String domain, Quotas q, Long max, List<String> locals) {
        return new GatewaySettings(DomainName.parse(domain), null, null, null, q, max, null, null,
                locals == null ? null : new RecipientVerification(locals), null, null, null);
    }

    static final Map<DomainName, GatewaySettings> GATEWAYS = Map.of(
            DomainName.parse("open.test"), gw("open.test", null, null, null),
            DomainName.parse("listed.test"), gw("listed.test", null, null, List.of("Alice", "bob")),
            DomainName.parse("full.test"), gw("full.test", new Quotas(5L, null), null, null),
            DomainName.parse("bytes.test"), gw("bytes.test", new Quotas(null, 1000L), null, null),
            DomainName.parse("small.test"), gw("small.test", null, 500L, null),
            DomainName.parse("xn--bcher-kva.test"), gw("bücher.test", null, null, null));

    static final Map<DomainName, QueueUsage> USAGE = Map.of(
            DomainName.parse("full.test"), new QueueUsage(DomainName.parse("full.test"), 5, 10, null, 0, Instant.EPOCH),
            DomainName.parse("bytes.test"), new QueueUsage(DomainName.parse("bytes.test"), 1, 999, null, 0, Instant.EPOCH),
            DomainName.parse("open.test"), new QueueUsage(DomainName.parse("open.test"), 1_000_000, 1L << 40, null, 0, Instant.EPOCH));

    static final RecipientPolicy POLICY = RecipientPolicy.standard(d -> Optional.ofNullable(USAGE.get(d)));

    static Arguments c(String rcpt, Long size, List<String> accepted, Reply expected) {
        return Arguments.of(rcpt, size, accepted, expected);
    }

    static Stream<Arguments> table() {
        Reply ok = null;
        return Stream.of(
                c("user@open.test", null, List.of(), ok),
                c("user@OPEN.Test", null, List.of(), ok),
                c("user@elsewhere.test", null, List.of(), Replies.RELAY_DENIED),
                c("user@sub.open.test", null, List.of(), Replies.RELAY_DENIED),
                c("user@[192.0.2.1]", null, List.of(), Replies.RELAY_DENIED),
                c("user@XN--BCHER-KVA.test", null, List.of(), ok),
                c("alice@listed.test", null, List.of(), ok),
                c("ALICE@listed.test", null, List.of(), ok),
                c("Bob@listed.test", null, List.of(), ok),
                c("mallory@listed.test", null, List.of(), Replies.UNKNOWN_USER),
                c("Postmaster@listed.test", null, List.of(), ok),
                c("\"alice\"@listed.test", null, List.of(), ok),
                c("x@full.test", null, List.of(), Replies.MAILBOX_FULL),
                c("x@bytes.test", null, List.of(), ok),
                c("x@small.test", 500L, List.of(), ok),
                c("x@small.test", 501L, List.of(), Replies.MESSAGE_TOO_BIG),
                c("x@open.test", 501L, List.of("small.test"), Replies.MESSAGE_TOO_BIG),
                c("x@open.test", 10_000L, List.of(), ok),
                c("x@open.test", 10_001L, List.of(), Replies.MESSAGE_TOO_BIG),
                c("x@open.test", null, List.of("small.test"), ok),
                // relay is decided first: a foreign domain is never "too big" or "full"
                c("x@elsewhere.test", 1L << 40, List.of("small.test"), Replies.RELAY_DENIED),
                // the recipient list before the quota
                c("mallory@listed.test", 1L << 40, List.of(), Replies.UNKNOWN_USER));
    }

    @ParameterizedTest(name = "{0} size={1} with={2}")
    @MethodSource("table")
    void decides(String rcpt, Long size, List<String> accepted, Reply expected) {
        List<GatewaySettings> acc = accepted.stream().map(d -> GATEWAYS.get(DomainName.parse(d))).toList();
        RecipientRequest r = RecipientRequest.of(Mailbox.parse(rcpt), d -> Optional.ofNullable(GATEWAYS.get(d)), size, acc, GLOBAL);
        Verdict v = POLICY.evaluate(r);
        if (expected == null) {
            assertThat(v).isEqualTo(Verdict.ACCEPT);
        } else {
            assertThat(v).isInstanceOf(Verdict.Refuse.class);
            assertThat(((Verdict.Refuse) v).reply()).isEqualTo(expected);
        }
    }
}
