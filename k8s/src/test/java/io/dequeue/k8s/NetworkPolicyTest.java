package io.dequeue.k8s;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/** Default deny, then only what each service needs. */
class NetworkPolicyTest {
    private static NetworkPolicy policy(Manifests m, String name) {
        return m.one("NetworkPolicy", name, NetworkPolicy.class);
    }

    private static Set<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(NetworkPolicyPort::getPort)
                .map(p -> p.getStrVal() != null ? p.getStrVal() : Integer.toString(p.getIntVal()))
                .collect(Collectors.toSet());
    }

    @Test
    void everythingIsDeniedUnlessOpened() {
        NetworkPolicy deny = policy(ChartRenderer.base(), "dequeue-default-deny");
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "dequeue", "app.kubernetes.io/instance", "dequeue"));
    }

    @Test
    void everyPodReachesDnsAndKafkaOnly() {
        NetworkPolicy p = policy(ChartRenderer.base(), "dequeue-kafka-dns");
        assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        assertThat(p.getSpec().getEgress()).hasSize(2);
        assertThat(ports(p.getSpec().getEgress().get(0).getPorts())).containsExactly("53");
        assertThat(ports(p.getSpec().getEgress().get(1).getPorts())).containsExactlyInAnyOrder("9092", "9093");
    }

    @Test
    void theMailPortsAreOpenFromAnywhereAndNothingElseOfTheEdge() {
        NetworkPolicy p = policy(ChartRenderer.base(), "dequeue-edge");
        assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).isNullOrEmpty();
            assertThat(ports(rule.getPorts())).containsExactlyInAnyOrder("smtp", "odmr", "odmrs");
        });
    }

    @Test
    void theQueueAdminApiIsOpenToPeersAndToTheConfiguredAdminsOnly() {
        Manifests m = ChartRenderer.base(sets("networkPolicy.adminFrom[0].namespaceSelector.matchLabels.team", "ops"));
        NetworkPolicy p = policy(m, "dequeue-queue");
        assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("http");
            assertThat(rule.getFrom()).hasSize(2);
            assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "queue-service");
            assertThat(rule.getFrom().get(1).getNamespaceSelector().getMatchLabels()).containsEntry("team", "ops");
        });
        assertThat(p.getSpec().getEgress()).singleElement().satisfies(rule ->
                assertThat(rule.getTo().get(0).getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/component", "queue-service"));
        assertThat(policy(ChartRenderer.base(), "dequeue-config").getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void deliveryMayConnectToSmtpPortsOrAnyPort() {
        NetworkPolicy p = policy(ChartRenderer.base(), "dequeue-delivery");
        assertThat(p.getSpec().getEgress()).singleElement()
                .satisfies(rule -> assertThat(ports(rule.getPorts())).containsExactly("25"));
        NetworkPolicy any = policy(ChartRenderer.base(sets("networkPolicy.delivery.smtpPorts", "null")), "dequeue-delivery");
        assertThat(any.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).isNullOrEmpty();
            assertThat(rule.getTo()).isNullOrEmpty();
        });
    }

    @Test
    void policiesCanBeLeftOut() {
        assertThat(ChartRenderer.base(sets("networkPolicy.enabled", false)).ofKind("NetworkPolicy")).isEmpty();
    }

}
