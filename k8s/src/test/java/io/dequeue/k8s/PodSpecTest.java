package io.dequeue.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pod the chart renders: probes, requests and limits, a locked-down security context. */
class PodSpecTest {
    /** The environments, and the base values with every optional part switched on. */
    static Stream<String> renders() {
        return Stream.of("dev", "prod", "all-options");
    }

    static Manifests render(String which) {
        if (which.equals("all-options")) {
            return ChartRenderer.base(ChartRenderer.sets("kafka.topicsJob.enabled", true, "kafka.topicsJob.hook", false,
                    "kafka.tls", true, "kafka.authentication", "tls", "kafka.caSecret.name", "ca",
                    "kafka.credentials.smtpEdge", "e", "kafka.credentials.queueService", "q",
                    "kafka.credentials.deliveryService", "d", "kafka.credentials.configService", "c",
                    "kafka.credentials.topicsJob", "t", "configService.gateways.file", "gateways: []\n",
                    "metrics.serviceMonitor.enabled", true, "configService.ingress.enabled", true));
        }
        return Manifests.parse(ChartRenderer.renderEnvironment(which));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void everyServiceContainerHasTheThreeProbesOnTheQuarkusHealthEndpointsOfTheManagementPort(String which) {
        Map<String, PodTemplateSpec> pods = render(which).podTemplates();
        pods.entrySet().stream().filter(e -> !e.getKey().startsWith("Job/")).forEach(e -> {
            for (Container c : e.getValue().getSpec().getContainers()) {
                String what = e.getKey() + " container " + c.getName();
                assertProbe(c.getStartupProbe(), "/q/health/started", what);
                assertProbe(c.getReadinessProbe(), "/q/health/ready", what);
                assertProbe(c.getLivenessProbe(), "/q/health/live", what);
                assertThat(c.getPorts()).as(what).anyMatch(p -> "http".equals(p.getName()));
                assertThat(c.getPorts()).as(what).anyMatch(p -> "management".equals(p.getName()));
            }
        });
        assertThat(pods.keySet()).contains("StatefulSet/dequeue-edge", "StatefulSet/dequeue-queue",
                "Deployment/dequeue-delivery", "Deployment/dequeue-config");
    }

    private static void assertProbe(Probe p, String path, String what) {
        assertThat(p).as("%s probe %s", what, path).isNotNull();
        assertThat(p.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(p.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("management");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void everyContainerHasRequestsLimitsAndALockedDownSecurityContext(String which) {
        render(which).podTemplates().forEach((workload, pod) -> {
            PodSpec spec = pod.getSpec();
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(workload).isTrue();
            assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as(workload).isEqualTo("RuntimeDefault");
            assertThat(spec.getAutomountServiceAccountToken()).as(workload).isFalse();
            for (Container c : spec.getContainers()) {
                String what = workload + " container " + c.getName();
                Map<String, Quantity> limits = c.getResources().getLimits();
                Map<String, Quantity> requests = c.getResources().getRequests();
                assertThat(limits).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(requests).as(what + " requests").containsKeys("cpu", "memory");
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getRunAsNonRoot()).as(what).isTrue();
                assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(sc.getPrivileged()).as(what).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
                // A read-only root file system: /tmp is an emptyDir.
                String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                        .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(what + " has no /tmp"));
                Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(tmpVolume)).findFirst().orElseThrow();
                assertThat(v.getEmptyDir()).as(what + " /tmp").isNotNull();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renders")
    void everyServiceHasAPodDisruptionBudgetAndSpreadConstraintsSelectingItsPods(String which) {
        Manifests m = render(which);
        List<PodDisruptionBudget> pdbs = m.all("PodDisruptionBudget", PodDisruptionBudget.class);
        m.podTemplates().entrySet().stream().filter(e -> !e.getKey().startsWith("Job/")).forEach(e -> {
            Map<String, String> labels = e.getValue().getMetadata().getLabels();
            assertThat(pdbs).as("PDB of %s", e.getKey())
                    .anyMatch(p -> labels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())
                            && p.getSpec().getSelector().getMatchLabels().containsKey("app.kubernetes.io/component"));
            assertThat(e.getValue().getSpec().getTopologySpreadConstraints()).as("spread of %s", e.getKey())
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(labels.entrySet())
                            .containsAll(t.getLabelSelector().getMatchLabels().entrySet()));
        });
    }
}
