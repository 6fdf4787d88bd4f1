package io.dequeue.k8s;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** templates/validate.yaml stops a render that would deploy a broken or unsafe gateway. */
class GuardsTest {
    private static void refused(Map<String, Object> sets, String message) {
        assertThatThrownBy(() -> ChartRenderer.renderBase(sets)).hasMessageContaining(message);
    }

    @Test
    void theBaseValuesRender() {
        assertThatCode(() -> ChartRenderer.renderBase(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void kubernetesBefore128IsRefusedForWantOfThePodIndexLabel() {
        assertThatThrownBy(() -> ChartRenderer.template(ChartRenderer.baseValues(), Map.of(), "1.27.9"))
                .hasMessageContaining("kubeVersion");
        // Providers' versions carry a pre-release suffix; they are accepted.
        assertThatCode(() -> ChartRenderer.template(ChartRenderer.baseValues(), Map.of(), "1.28.3-eks-1"))
                .doesNotThrowAnyException();
    }

    @Test
    void moreEdgeReplicasThanReplyPartitions() {
        assertThatCode(() -> ChartRenderer.renderBase(sets("smtpEdge.replicas", 8))).doesNotThrowAnyException();
        refused(sets("smtpEdge.replicas", 9),
                "smtpEdge.replicas is 9 but edge.replies has 8 partitions");
    }

    @Test
    void proxyProtocolWithoutTrustedCidrs() {
        refused(sets("smtpEdge.proxyProtocol.enabled", true),
                "smtpEdge.proxyProtocol.enabled needs smtpEdge.proxyProtocol.trustedCidrs");
        assertThatCode(() -> ChartRenderer.renderBase(sets("smtpEdge.proxyProtocol.enabled", true,
                "smtpEdge.proxyProtocol.trustedCidrs[0]", "10.0.0.0/8"))).doesNotThrowAnyException();
    }

    @Test
    void noAdminTokenSecret() {
        refused(sets("admin.tokenSecret.name", ""), "admin.tokenSecret.name is required");
    }

    @Test
    void noCertificateForTheImplicitTlsPort() {
        refused(sets("smtpEdge.tls.existingSecret", ""),
                "smtpEdge.tls.enabled needs a certificate for STARTTLS and the implicit-TLS ODMR port");
        assertThat(ChartRenderer.renderBase(sets("smtpEdge.tls.existingSecret", "", "smtpEdge.tls.enabled", false)))
                .doesNotContain("odmrs");
    }

    @Test
    void certManagerNeedsNamesAnIssuerAndNoSecondSource() {
        refused(sets("smtpEdge.tls.existingSecret", "", "smtpEdge.tls.certManager.enabled", true,
                "smtpEdge.tls.certManager.issuerRef.name", "le"), "smtpEdge.tls.certManager.dnsNames is required");
        refused(sets("smtpEdge.tls.existingSecret", "", "smtpEdge.tls.certManager.enabled", true,
                "smtpEdge.tls.certManager.dnsNames[0]", "mx.example"), "smtpEdge.tls.certManager.issuerRef.name is required");
        refused(sets("smtpEdge.tls.certManager.enabled", true), "set either existingSecret or certManager.enabled");
    }

    @Test
    void kafkaSettings() {
        refused(sets("kafka.bootstrapServers", ""), "kafka.bootstrapServers is required");
        refused(sets("kafka.authentication", "tls"), "kafka.authentication tls (client certificates) needs kafka.tls: true");
        refused(sets("kafka.strimzi.enabled", true), "kafka.strimzi.clusterName is required");
        refused(sets("kafka.strimzi.enabled", true, "kafka.strimzi.clusterName", "c"),
                "kafka.strimzi.users.enabled needs kafka.authentication scram-sha-512 or tls");
        refused(sets("kafka.authentication", "scram-sha-512"), "kafka.credentials.smtpEdge is required");
        refused(sets("kafka.topicsJob.enabled", true, "kafka.strimzi.enabled", true, "kafka.strimzi.clusterName", "c",
                "kafka.strimzi.users.enabled", false), "kafka.topicsJob.enabled and kafka.strimzi.topics.enabled both");
    }
}
