package io.dequeue.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/** How the services get their Kafka client settings, with and without Strimzi. */
class KafkaClientTest {
    @Test
    void plaintextNeedsOnlyTheBootstrapServers() {
        Manifests m = ChartRenderer.base();
        m.podTemplates().forEach((workload, pod) -> {
            Container c = pod.getSpec().getContainers().get(0);
            assertThat(EdgeTest.value(c, "KAFKA_BOOTSTRAP_SERVERS")).as(workload).isEqualTo("kafka.test.svc:9092");
            assertThat(EdgeTest.value(c, "KAFKA_SECURITY_PROTOCOL")).as(workload).isEqualTo("PLAINTEXT");
            assertThat(c.getVolumeMounts()).as(workload).anyMatch(v -> v.getMountPath().equals("/deployments/config"));
        });
        String props = m.one("ConfigMap", "dequeue-kafka-client", ConfigMap.class).getData().get("application.properties");
        assertThat(props).contains("kafka.security.protocol=${KAFKA_SECURITY_PROTOCOL}",
                "kafka-streams.security.protocol=${KAFKA_SECURITY_PROTOCOL}").doesNotContain("sasl");
    }

    @Test
    void scramTakesTheJaasConfigOfEachServicesSecretAndTheCaOfTheCluster() {
        Manifests m = ChartRenderer.base(sets("kafka.tls", true, "kafka.authentication", "scram-sha-512",
                "kafka.caSecret.name", "cluster-ca", "kafka.credentials.smtpEdge", "edge-user",
                "kafka.credentials.queueService", "queue-user", "kafka.credentials.deliveryService", "delivery-user",
                "kafka.credentials.configService", "config-user"));
        m.podTemplates().forEach((workload, pod) -> {
            Container c = pod.getSpec().getContainers().get(0);
            assertThat(EdgeTest.value(c, "KAFKA_SECURITY_PROTOCOL")).as(workload).isEqualTo("SASL_SSL");
            assertThat(EdgeTest.value(c, "KAFKA_SASL_MECHANISM")).as(workload).isEqualTo("SCRAM-SHA-512");
            var ref = EdgeTest.env(c, "KAFKA_SASL_JAAS_CONFIG").orElseThrow().getValueFrom().getSecretKeyRef();
            assertThat(ref.getKey()).isEqualTo("sasl.jaas.config");
            assertThat(ref.getName()).as(workload).endsWith("-user");
            assertThat(EdgeTest.value(c, "KAFKA_SSL_TRUSTSTORE_LOCATION")).isEqualTo("/etc/dequeue/kafka/ca/ca.crt");
            assertThat(pod.getSpec().getVolumes())
                    .anyMatch(v -> v.getSecret() != null && "cluster-ca".equals(v.getSecret().getSecretName()));
        });
        String props = m.one("ConfigMap", "dequeue-kafka-client", ConfigMap.class).getData().get("application.properties");
        assertThat(props).contains("kafka.sasl.jaas.config=${KAFKA_SASL_JAAS_CONFIG}",
                "kafka-streams.sasl.mechanism=${KAFKA_SASL_MECHANISM}",
                "kafka.ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_LOCATION}");
        // The secret itself never lands in a ConfigMap.
        assertThat(m.ofKind("ConfigMap")).allSatisfy(d -> assertThat(d.node().toString()).doesNotContain("ScramLoginModule"));
    }

    @Test
    void theServiceMonitorIsOptInAndScrapesOneServicePerComponent() {
        assertThat(ChartRenderer.base().ofKind("ServiceMonitor")).isEmpty();
        Manifests m = ChartRenderer.base(sets("metrics.serviceMonitor.enabled", true));
        var sm = m.ofKind("ServiceMonitor").get(0).node();
        assertThat(sm.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
        assertThat(sm.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("management");
        long scraped = m.ofKind("Service").stream()
                .filter(d -> "true".equals(d.node().path("metadata").path("labels").path("dequeue.io/metrics").asText()))
                .map(d -> d.node().path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                .distinct().count();
        assertThat(scraped).isEqualTo(4);
        assertThat(m.ofKind("Service").stream()
                .filter(d -> "true".equals(d.node().path("metadata").path("labels").path("dequeue.io/metrics").asText())))
                .hasSize(4);
    }
}
