package io.dequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and metrics on the management port; the Grafana dashboard and the alert rules, each kept
 * once under files/, rendered only when asked for.
 */
class MonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyContainerServesHealthAndMetricsOnTheManagementPort() {
        Manifests m = ChartRenderer.base(sets("metrics.managementPort", 9100));
        m.podTemplates().entrySet().stream().filter(e -> !e.getKey().startsWith("Job/")).forEach(e -> {
            Container c = e.getValue().getSpec().getContainers().get(0);
            assertThat(c.getPorts()).as(e.getKey()).filteredOn(p -> "management".equals(p.getName()))
                    .singleElement().extracting(ContainerPort::getContainerPort).isEqualTo(9100);
            assertThat(EdgeTest.value(c, "DEQUEUE_MANAGEMENT_PORT")).as(e.getKey()).isEqualTo("9100");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        });
        // The Services Prometheus scrapes carry the management port, and only the monitoring peers reach it.
        assertThat(m.ofKind("Service").stream()
                .filter(d -> "true".equals(d.node().path("metadata").path("labels").path("dequeue.io/metrics").asText())))
                .hasSize(4).allSatisfy(d -> assertThat(d.node().path("spec").path("ports").toString())
                        .contains("\"name\":\"management\"").contains("\"port\":9100"));
        NetworkPolicy monitoring = m.one("NetworkPolicy", "dequeue-monitoring", NetworkPolicy.class);
        assertThat(monitoring.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort)
                        .extracting(p -> p.getStrVal()).containsExactly("management"));
    }

    @Test
    void noDashboardAndNoRulesUnlessEnabled() {
        Manifests m = ChartRenderer.base();
        assertThat(m.ofKind("PrometheusRule")).isEmpty();
        assertThat(m.ofKind("ConfigMap")).noneMatch(d -> d.name().endsWith("-grafana-dashboard"));
    }

    @Test
    void theDashboardConfigMapCarriesTheFileAndTheSidecarsLabel() throws Exception {
        Manifests m = ChartRenderer.base(sets("metrics.grafanaDashboard.enabled", true,
                "metrics.grafanaDashboard.annotations.grafana_folder", "Mail"));
        ConfigMap cm = m.one("ConfigMap", "dequeue-grafana-dashboard", ConfigMap.class);
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(cm.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Mail");
        JsonNode rendered = JSON.readTree(cm.getData().get("dequeue.json"));
        JsonNode file = JSON.readTree(Files.readString(ChartRenderer.chartDir().resolve("files/grafana-dashboard.json")));
        assertThat(rendered).isEqualTo(file);
        assertThat(rendered.path("title").asText()).isEqualTo("Dequeue");
        assertThat(rendered.path("panels").size()).isGreaterThan(10);
    }

    @Test
    void thePrometheusRuleCarriesTheRulesFileAndItsLabels() throws Exception {
        Manifests m = ChartRenderer.base(sets("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.labels.release", "kube-prometheus"));
        JsonNode rule = m.ofKind("PrometheusRule").get(0).node();
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus");
        JsonNode file = YAML.readTree(Files.readString(ChartRenderer.chartDir().resolve("files/prometheus-rules.yaml")));
        assertThat(rule.path("spec").path("groups")).isEqualTo(file.path("groups"));
        assertThat(rule.path("spec").path("groups").get(0).path("rules").findValuesAsText("alert"))
                .contains("DequeueHoldTimeNearlyUsed", "DequeueDeliveriesFailing", "DequeueDsnSpike",
                        "DequeueConsumerLag", "DequeueEdgeRefusingMessages", "DequeueEdgeRefusingForQuota");
    }
}
