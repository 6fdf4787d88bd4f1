package io.dequeue.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/** queue-service's state, advertised address and admin token; config-service's gateway file. */
class StatefulServicesTest {
    private static StatefulSet queue(Manifests m) {
        return m.one("StatefulSet", "dequeue-queue", StatefulSet.class);
    }

    private static String value(Container c, String name) {
        return EdgeTest.value(c, name);
    }

    @Test
    void queueInstancesAdvertiseTheirPerPodAddressThroughTheHeadlessService() {
        Manifests m = ChartRenderer.base();
        StatefulSet s = queue(m);
        assertThat(s.getSpec().getReplicas()).isEqualTo(2);
        assertThat(s.getSpec().getServiceName()).isEqualTo("dequeue-queue-headless");
        Service headless = m.one("Service", "dequeue-queue-headless", Service.class);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(value(c, "DEQUEUE_ADVERTISED_HOST"))
                .isEqualTo("$(POD_NAME).dequeue-queue-headless.$(POD_NAMESPACE).svc");
        // $(VAR) only expands variables defined earlier in the list.
        List<String> names = c.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("POD_NAME")).isNotNegative().isLessThan(names.indexOf("DEQUEUE_ADVERTISED_HOST"));
        assertThat(names.indexOf("POD_NAMESPACE")).isNotNegative().isLessThan(names.indexOf("DEQUEUE_ADVERTISED_HOST"));
        assertThat(value(c, "DEQUEUE_STANDBY_REPLICAS")).isEqualTo("1");
    }

    @Test
    void streamsStateIsOnAClaimPerPodByDefaultAndMayBeAnEmptyDir() {
        StatefulSet s = queue(ChartRenderer.base());
        Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(value(c, "DEQUEUE_STREAMS_STATE_DIR")).isEqualTo("/var/lib/dequeue/streams");
        assertThat(c.getVolumeMounts()).anyMatch(v -> v.getName().equals("state")
                && v.getMountPath().equals("/var/lib/dequeue/streams"));
        assertThat(s.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo("state"));

        StatefulSet e = queue(ChartRenderer.base(sets("queueService.persistence.enabled", false)));
        assertThat(e.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
        assertThat(e.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getName().equals("state") && v.getEmptyDir() != null);
    }

    @Test
    void theAdminTokenIsAFileFromTheSecretForConfigAndQueue() {
        Manifests m = ChartRenderer.base();
        PodSpec queue = queue(m).getSpec().getTemplate().getSpec();
        PodSpec config = m.one("Deployment", "dequeue-config", Deployment.class).getSpec().getTemplate().getSpec();
        for (PodSpec p : List.of(queue, config)) {
            Container c = p.getContainers().get(0);
            assertThat(value(c, "DEQUEUE_ADMIN_TOKEN_FILE")).isEqualTo("/etc/dequeue/admin/token");
            assertThat(c.getEnv()).noneMatch(e -> e.getName().equals("DEQUEUE_ADMIN_TOKEN"));
            String volume = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/etc/dequeue/admin"))
                    .findFirst().orElseThrow().getName();
            Volume v = p.getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
            assertThat(v.getSecret().getSecretName()).isEqualTo("test-admin-token");
            assertThat(v.getSecret().getItems()).singleElement()
                    .satisfies(i -> assertThat(i.getPath()).isEqualTo("token"));
        }
    }

    @Test
    void theGatewayFileComesFromAConfigMapAndItsPasswordsFromASecret() {
        Manifests none = ChartRenderer.base();
        Container plain = none.one("Deployment", "dequeue-config", Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(plain.getEnv()).noneMatch(e -> e.getName().equals("DEQUEUE_CONFIG_IMPORT_FILE"));

        String file = "gateways:\n  - domain: example.net\n    password: ${EXAMPLE_NET_PASSWORD}\n";
        Manifests m = ChartRenderer.base(sets("configService.gateways.file", file,
                "configService.gateways.passwordsSecret", "gateway-passwords"));
        ConfigMap cm = m.one("ConfigMap", "dequeue-config-gateways", ConfigMap.class);
        assertThat(cm.getData().get("gateways.yaml")).isEqualTo(file);
        Deployment d = m.one("Deployment", "dequeue-config", Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(value(c, "DEQUEUE_CONFIG_IMPORT_FILE")).isEqualTo("/etc/dequeue/gateways/gateways.yaml");
        assertThat(c.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("gateway-passwords"));
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("dequeue-config-gateways"));
    }

    @Test
    void deliveryRunsTwoInstancesAndConfigMayHaveAnIngressForTheApiOnly() {
        Manifests m = ChartRenderer.base(sets("configService.ingress.enabled", true));
        assertThat(m.one("Deployment", "dequeue-delivery", Deployment.class).getSpec().getReplicas()).isEqualTo(2);
        var ingress = m.one("Ingress", "dequeue-config", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
                .singleElement().satisfies(p -> assertThat(p.getPath()).isEqualTo("/api/gateways"));
        assertThat(ChartRenderer.base().ofKind("Ingress")).isEmpty();
    }
}
