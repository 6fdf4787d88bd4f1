package io.dequeue.k8s;

import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's KafkaUser grants exactly what the service uses: the topics it reads (Read) and
 * writes (Write), Describe on them, its consumer group, and for Kafka Streams the prefixes of its
 * application id. The expected sets ({@link ServiceKafkaAccess}) are checked against the sources.
 */
class KafkaAclsTest {
    /** Contract helpers that name a topic without a Topics constant at the call site. */
    private static final Map<String, String> HELPERS = Map.of(
            "ContractRecords.lifecycle(", Topics.MAIL_LIFECYCLE,
            "ContractRecords.request(", Topics.DEQUEUE_REQUESTS,
            "ContractRecords.outcome(", Topics.DELIVERY_OUTCOMES,
            "GatewayDirectory ", Topics.GATEWAY_CONFIG);
    private static final Pattern CONSTANT = Pattern.compile("\\bTopics\\.([A-Z_]+)\\b");

    /** The topic names a service's main sources refer to (Topics constants and contract helpers). */
    static Set<String> topicsReferencedBy(String module) throws IOException, IllegalAccessException {
        Map<String, String> constants = new HashMap<>();
        Set<String> names = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && names.contains((String) f.get(null))) {
                constants.put(f.getName(), (String) f.get(null));
            }
        }
        Set<String> found = new TreeSet<>();
        Path src = ChartRenderer.k8sDir().resolveSibling(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(p);
                Matcher m = CONSTANT.matcher(code);
                while (m.find()) {
                    if (constants.containsKey(m.group(1))) {
                        found.add(constants.get(m.group(1)));
                    }
                }
                HELPERS.forEach((helper, topic) -> {
                    if (code.contains(helper)) {
                        found.add(topic);
                    }
                });
            }
        }
        return found;
    }

    static Properties applicationProperties(String module) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ChartRenderer.k8sDir().resolveSibling(module)
                .resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp-edge", "queue-service", "delivery-service", "config-service"})
    void theTableNamesExactlyTheTopicsEachServiceReferences(String module) throws Exception {
        assertThat(topicsReferencedBy(module)).as("topics referenced in %s/src/main/java", module)
                .containsExactlyInAnyOrderElementsOf(ServiceKafkaAccess.ALL.get(module).topics());
    }

    @Test
    void theTableNamesTheGroupAndApplicationIdOfTheServicesConfiguration() throws IOException {
        Properties queue = applicationProperties("queue-service");
        ServiceKafkaAccess q = ServiceKafkaAccess.ALL.get("queue-service");
        assertThat(queue.getProperty("quarkus.kafka-streams.application-id")).isEqualTo(q.streamsApplicationId());
        assertThat(q.reads()).containsAll(Set.of(queue.getProperty("quarkus.kafka-streams.topics").split(",")));
        assertThat(queue.getProperty("kafka-streams.processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(applicationProperties("delivery-service").getProperty("dequeue.delivery.consumer.group-id"))
                .isEqualTo(ServiceKafkaAccess.ALL.get("delivery-service").group());
    }

    /** One ACL as a comparable line: "type:name:pattern -> operations". */
    static String describe(AclRule rule) {
        String resource;
        if (rule.getResource() instanceof AclRuleTopicResource t) {
            resource = "topic:" + t.getName() + ":" + t.getPatternType();
        } else if (rule.getResource() instanceof AclRuleGroupResource g) {
            resource = "group:" + g.getName() + ":" + g.getPatternType();
        } else if (rule.getResource() instanceof AclRuleTransactionalIdResource x) {
            resource = "transactionalId:" + x.getName() + ":" + x.getPatternType();
        } else {
            resource = rule.getResource().getType() + ":*";
        }
        return (resource + " -> " + new TreeSet<>(rule.getOperations().stream().map(Enum::toString).toList()))
                .toLowerCase(java.util.Locale.ROOT);
    }

    static Set<String> expectedAcls(ServiceKafkaAccess a) {
        Set<String> lines = new TreeSet<>();
        for (String topic : a.topics()) {
            Set<String> ops = new TreeSet<>(Set.of("Describe"));
            if (a.reads().contains(topic)) {
                ops.add("Read");
            }
            if (a.writes().contains(topic)) {
                ops.add("Write");
            }
            lines.add("topic:" + topic + ":literal -> " + ops);
        }
        if (a.group() != null) {
            lines.add("group:" + a.group() + ":literal -> [Describe, Read]");
        }
        if (a.streamsApplicationId() != null) {
            String id = a.streamsApplicationId();
            lines.add("group:" + id + ":prefix -> [Describe, Read]");
            lines.add("topic:" + id + "-:prefix -> [ALTERCONFIGS, CREATE, DELETE, DESCRIBE, DESCRIBECONFIGS, READ, WRITE]");
            lines.add("transactionalId:" + id + "-:prefix -> [Describe, Write]");
        }
        return lines.stream().map(l -> l.toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void eachKafkaUserGrantsExactlyWhatItsServiceUses() {
        Manifests m = KafkaTopicsTest.strimzi();
        Map<String, KafkaUser> users = new TreeMap<>();
        m.all("KafkaUser", KafkaUser.class).forEach(u -> users.put(u.getMetadata().getName(), u));
        assertThat(users.keySet()).containsExactlyInAnyOrder("dequeue-edge", "dequeue-queue", "dequeue-delivery",
                "dequeue-config");
        Map<String, String> userOf = Map.of("smtp-edge", "dequeue-edge", "queue-service", "dequeue-queue",
                "delivery-service", "dequeue-delivery", "config-service", "dequeue-config");
        ServiceKafkaAccess.ALL.forEach((module, access) -> {
            KafkaUser u = users.get(userOf.get(module));
            assertThat(u.getSpec().getAuthentication().getType()).isEqualTo("tls");
            assertThat(u.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "mail-kafka");
            KafkaUserAuthorizationSimple simple = (KafkaUserAuthorizationSimple) u.getSpec().getAuthorization();
            Set<String> actual = simple.getAcls().stream().map(KafkaAclsTest::describe)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(actual).as("ACLs of %s", module).containsExactlyInAnyOrderElementsOf(expectedAcls(access));
        });
    }

    @Test
    void everyServiceUsesTheCredentialsSecretOfItsKafkaUser() {
        Manifests m = KafkaTopicsTest.strimzi();
        m.podTemplates().forEach((workload, pod) -> {
            var c = pod.getSpec().getContainers().get(0);
            String user = workload.substring(workload.indexOf('/') + 1);
            assertThat(EdgeTest.value(c, "KAFKA_SECURITY_PROTOCOL")).as(workload).isEqualTo("SSL");
            assertThat(EdgeTest.env(c, "KAFKA_SSL_KEYSTORE_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef()
                    .getName()).as(workload).isEqualTo(user);
            assertThat(pod.getSpec().getVolumes())
                    .anyMatch(v -> v.getSecret() != null && user.equals(v.getSecret().getSecretName()));
        });
    }
}
