package io.dequeue.k8s;

import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.dequeue.k8s.ChartRenderer.sets;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart's topics are the contract's ({@link Topics#all()}: one source of truth, checked here). */
class KafkaTopicsTest {
    static Manifests strimzi() {
        return ChartRenderer.base(sets("kafka.strimzi.enabled", true, "kafka.strimzi.clusterName", "mail-kafka",
                "kafka.tls", true, "kafka.authentication", "tls"));
    }

    @Test
    void oneKafkaTopicPerTopicOfTheContractWithItsPartitionsAndConfig() {
        Manifests m = strimzi();
        assertThat(m.ofKind("KafkaTopic")).allSatisfy(d ->
                assertThat(d.node().path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1"));
        Map<String, KafkaTopic> topics = m.all("KafkaTopic", KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), Function.identity()));

        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : Topics.all()) {
            KafkaTopic t = topics.get(spec.name());
            assertThat(t.getMetadata().getName()).as(spec.name())
                    .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").isEqualTo("dequeue-" + spec.name().replace('.', '-'));
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "mail-kafka");
            assertThat(t.getSpec().getPartitions()).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(t.getSpec().getReplicas()).as(spec.name()).isEqualTo(3);
            Map<String, Object> expected = new HashMap<>(spec.configs());
            expected.put("min.insync.replicas", "2");
            assertThat(t.getSpec().getConfig()).as(spec.name()).containsExactlyInAnyOrderEntriesOf(expected);
        }
        // The largest record the edge accepts fits in every topic that carries mail.
        for (String mail : List.of(Topics.MAIL_ACCEPTED, Topics.MAIL_RELEASED, Topics.EDGE_REPLIES)) {
            assertThat(topics.get(mail).getSpec().getConfig())
                    .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
        }
        assertThat(Topics.MAX_RECORD_BYTES).isGreaterThan((int) Topics.MAX_MESSAGE_SIZE_LIMIT);
    }

    @Test
    void withoutStrimziTheTopicsJobCreatesEveryTopicOfTheContract() {
        Manifests m = ChartRenderer.base(sets("kafka.topicsJob.enabled", true, "kafka.topicsJob.hook", false));
        Job job = m.one("Job", "dequeue-topics-r1", Job.class);
        String script = String.join("\n", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        for (TopicSpec spec : Topics.all()) {
            String line = script.lines().filter(l -> l.contains("--topic " + spec.name() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no kafka-topics.sh line for " + spec.name()));
            assertThat(line).contains("--create --if-not-exists", "--partitions " + spec.partitions() + " ",
                    "--replication-factor 3", "--config min.insync.replicas=2");
            spec.configs().forEach((k, v) -> assertThat(line).contains("--config " + k + "=" + v));
        }
        assertThat(script.lines().filter(l -> l.contains("kafka-topics.sh"))).hasSize(Topics.all().size());
        assertThat(m.ofKind("KafkaTopic")).isEmpty();
    }

    @Test
    void asAHelmHookTheJobIsNotPartOfTheReleaseManifest() {
        // helm-java's template leaves hooks out (as helm install keeps them out of the manifest).
        Manifests m = ChartRenderer.base(sets("kafka.topicsJob.enabled", true));
        assertThat(m.ofKind("Job")).isEmpty();
    }
}
