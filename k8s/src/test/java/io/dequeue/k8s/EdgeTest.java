package io.dequeue.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/** smtp-edge: a StatefulSet whose pod index is the reply partition, behind a client-IP-keeping Service. */
class EdgeTest {
    static StatefulSet edge(Manifests m) {
        return m.one("StatefulSet", "dequeue-edge", StatefulSet.class);
    }

    static Container container(StatefulSet s) {
        return s.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    static String value(Container c, String name) {
        return env(c, name).orElseThrow(() -> new AssertionError("no env " + name)).getValue();
    }

    @Test
    void theMailServiceKeepsTheClientAddressAndMapsThePrivilegedPortsToUnprivilegedOnes() {
        Manifests m = ChartRenderer.base();
        Service svc = m.one("Service", "dequeue-edge", Service.class);
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        Map<Integer, String> ports = new java.util.TreeMap<>();
        for (ServicePort p : svc.getSpec().getPorts()) {
            ports.put(p.getPort(), p.getTargetPort().getStrVal());
        }
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of(25, "smtp", 366, "odmr", 3367, "odmrs"));
        Container c = container(edge(m));
        Map<String, Integer> containerPorts = new java.util.TreeMap<>();
        c.getPorts().forEach(p -> containerPorts.put(p.getName(), p.getContainerPort()));
        assertThat(containerPorts).containsAllEntriesOf(Map.of("smtp", 2525, "odmr", 3366, "odmrs", 3367));
        assertThat(containerPorts.values()).allMatch(p -> p >= 1024);
        assertThat(value(c, "DEQUEUE_SMTP_PORT")).isEqualTo("2525");
        assertThat(value(c, "DEQUEUE_ODMR_PORT")).isEqualTo("3366");
        assertThat(value(c, "DEQUEUE_ODMR_TLS_PORT")).isEqualTo("3367");
        assertThat(svc.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "smtp-edge");
    }

    @Test
    void eachPodReadsTheReplyPartitionOfItsPodIndex() {
        StatefulSet s = edge(ChartRenderer.base());
        assertThat(s.getSpec().getReplicas()).isEqualTo(2);
        assertThat(s.getSpec().getServiceName()).isEqualTo("dequeue-edge-headless");
        Container c = container(s);
        assertThat(env(c, "DEQUEUE_EDGE_REPLY_PARTITION").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        assertThat(env(c, "DEQUEUE_EDGE_INSTANCE_ID").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        Service headless = ChartRenderer.base().one("Service", "dequeue-edge-headless", Service.class);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void theCertificateSecretIsMountedAsADirectorySoRenewalsReachThePod() {
        StatefulSet s = edge(ChartRenderer.base());
        Container c = container(s);
        VolumeMount mount = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/etc/dequeue/tls"))
                .findFirst().orElseThrow();
        assertThat(mount.getSubPath()).isNull();
        Volume v = s.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(v.getSecret().getSecretName()).isEqualTo("test-edge-tls");
        assertThat(v.getSecret().getItems()).isNullOrEmpty();
        assertThat(value(c, "DEQUEUE_EDGE_TLS_CERT_FILE")).isEqualTo("/etc/dequeue/tls/tls.crt");
        assertThat(value(c, "DEQUEUE_EDGE_TLS_KEY_FILE")).isEqualTo("/etc/dequeue/tls/tls.key");
    }

    @Test
    void certManagerIssuesTheSecretTheEdgeMounts() {
        Manifests m = ChartRenderer.base(sets("smtpEdge.tls.existingSecret", "", "smtpEdge.tls.certManager.enabled", true,
                "smtpEdge.tls.certManager.issuerRef.name", "letsencrypt",
                "smtpEdge.tls.certManager.dnsNames[0]", "mx.example.net"));
        var cert = m.ofKind("Certificate").get(0).node();
        assertThat(cert.path("apiVersion").asText()).isEqualTo("cert-manager.io/v1");
        assertThat(cert.path("spec").path("dnsNames").get(0).asText()).isEqualTo("mx.example.net");
        String secret = cert.path("spec").path("secretName").asText();
        StatefulSet s = edge(m);
        assertThat(s.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName()));
    }

    @Test
    void proxyProtocolIsOptInAndNamesTheTrustedLoadBalancers() {
        Container off = container(edge(ChartRenderer.base()));
        assertThat(value(off, "DEQUEUE_SMTP_PROXY_PROTOCOL")).isEqualTo("false");
        assertThat(env(off, "DEQUEUE_PROXY_TRUSTED_CIDRS")).isEmpty();

        Manifests m = ChartRenderer.base(sets("smtpEdge.proxyProtocol.enabled", true,
                "smtpEdge.proxyProtocol.trustedCidrs[0]", "10.0.0.0/8",
                "smtpEdge.proxyProtocol.trustedCidrs[1]", "192.0.2.0/24",
                "smtpEdge.service.externalTrafficPolicy", "Cluster"));
        Container on = container(edge(m));
        for (String name : new String[] {"DEQUEUE_SMTP_PROXY_PROTOCOL", "DEQUEUE_ODMR_PROXY_PROTOCOL",
                "DEQUEUE_ODMR_TLS_PROXY_PROTOCOL"}) {
            assertThat(value(on, name)).as(name).isEqualTo("true");
        }
        assertThat(value(on, "DEQUEUE_PROXY_TRUSTED_CIDRS")).isEqualTo("10.0.0.0/8,192.0.2.0/24");
        assertThat(m.one("Service", "dequeue-edge", Service.class).getSpec().getExternalTrafficPolicy())
                .isEqualTo("Cluster");
    }

    @Test
    void withoutTlsThereIsNoImplicitTlsPortAndNoCertificate() {
        Manifests m = ChartRenderer.base(sets("smtpEdge.tls.enabled", false, "smtpEdge.tls.existingSecret", ""));
        Container c = container(edge(m));
        assertThat(c.getPorts()).noneMatch(p -> p.getName().equals("odmrs"));
        assertThat(env(c, "DEQUEUE_EDGE_TLS_CERT_FILE")).isEmpty();
        assertThat(m.one("Service", "dequeue-edge", Service.class).getSpec().getPorts())
                .extracting(ServicePort::getPort).containsExactlyInAnyOrder(25, 366);
    }
}
