package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.settings.DeliverTo;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply partitioner, target decisions and the admin token check. */
class SmallPartsTest {
    @Test
    void repliesGoToThePartitionTheRequestNamedAndOnlyThePayloadIsWritten() {
        ReplyPayload.Partitioner p = new ReplyPayload.Partitioner();
        byte[] bytes = {1, 2, 3};
        assertThat(p.partitions("edge.replies", "example.net", new ReplyPayload(5, bytes), 8)).isEqualTo(Optional.of(Set.of(5)));
        assertThat(p.partitions("edge.replies", "example.net", new ReplyPayload(0, bytes), 8)).isEqualTo(Optional.of(Set.of(0)));
        assertThat(p.partitions("edge.replies", "example.net", new ReplyPayload(9, bytes), 8)).isEqualTo(Optional.of(Set.of(1)));
        assertThat(new ReplyPayload.PayloadSerializer().serialize("edge.replies", new ReplyPayload(5, bytes))).isSameAs(bytes);
    }

    @Test
    void aLocalGatewayAsConfiguredHostIsAHandOffUnlessTreatedAsUnknown() {
        ReleaseTargets.Decision d = ReleaseTargets.decide(Gateways.etrnLocal("branch.example", "[hub.example]", false),
                "192.0.2.1", null, n -> n.value().equals("hub.example"));
        assertThat(d).isEqualTo(new ReleaseTargets.Handoff(DomainName.parse("hub.example"),
                new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "hub.example", 25)));
        assertThat(ReleaseTargets.decide(Gateways.etrnLocal("branch.example", "hub.example", true), "192.0.2.1", null,
                n -> true)).isInstanceOf(ReleaseTargets.Deliver.class);
        // its own domain as host is never a hand-off (that would be a loop)
        assertThat(ReleaseTargets.decide(Gateways.etrnLocal("branch.example", "branch.example", false), "192.0.2.1",
                null, n -> true)).isInstanceOf(ReleaseTargets.Deliver.class);
        assertThat(ReleaseTargets.decide(Gateways.etrnToRequester("x.example"), null, null, n -> false))
                .isInstanceOf(ReleaseTargets.Impossible.class);
        assertThat(ReleaseTargets.decide(Gateways.etrnToRequester("x.example"), null, DeliverTo.host("192.0.2.9"),
                n -> false)).isEqualTo(new ReleaseTargets.Deliver(
                new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.9", 25)));
    }
}
