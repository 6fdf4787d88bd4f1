package io.dequeue.systemtest;

import io.dequeue.model.topic.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka nodes of a {@link LocalRun} started with {@code KAFKA_NODES=3}, as a test sees them:
 * which node leads a domain's partitions (the Admin client), moving that leadership onto one node,
 * killing a node's JVM, and waiting until every copy is in sync again.
 */
final class KafkaNodes implements AutoCloseable {
    private static final String NODE_MAIN = "io.dequeue.localkafka.ClusterNodeMain";
    private static final String CHANGELOG_PREFIX = "dequeue-queue-";
    private static final String CHANGELOG_SUFFIX = "-changelog";

    final String bootstrapServers;
    private final LocalRun run;
    private final Admin admin;

    private KafkaNodes(LocalRun run, String bootstrapServers) {
        this.run = run;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The cluster of {@code run}: the bootstrap servers it printed ({@code Kafka <host:port,...>}). */
    static KafkaNodes of(LocalRun run) {
        for (String line : run.output().split("\n")) {
            String t = line.strip();
            if (t.startsWith("Kafka ")) {
                return new KafkaNodes(run, t.substring("Kafka ".length()).strip());
            }
        }
        throw new IllegalStateException("dequeue-local printed no Kafka line:\n" + run.output());
    }

    /** The partition of every domain-keyed topic that holds {@code domain} (the producers' default partitioner). */
    static int partitionOf(String domain) {
        return Utils.toPositive(Utils.murmur2(domain.getBytes(StandardCharsets.US_ASCII))) % Topics.DOMAIN_PARTITIONS;
    }

    /**
     * The domain's partitions: of the topics queue-service reads and writes for it, and of its
     * state stores' changelogs.
     */
    List<TopicPartition> domainPartitions(String domain) throws Exception {
        int p = partitionOf(domain);
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : List.of(Topics.MAIL_ACCEPTED, Topics.DEQUEUE_REQUESTS, Topics.MAIL_RELEASED,
                Topics.DELIVERY_OUTCOMES, Topics.QUEUE_USAGE)) {
            out.add(new TopicPartition(topic, p));
        }
        for (String topic : changelogs()) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    /** queue-service's changelog topics. */
    List<String> changelogs() throws Exception {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        return names.stream().filter(n -> n.startsWith(CHANGELOG_PREFIX) && n.endsWith(CHANGELOG_SUFFIX)).sorted().toList();
    }

    /** The leader of each partition (-1 while it has none). */
    Map<TopicPartition, Integer> leaders(Collection<TopicPartition> partitions) throws Exception {
        Map<String, TopicDescription> topics = describe(partitions.stream().map(TopicPartition::topic).distinct().toList());
        Map<TopicPartition, Integer> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Node leader = topics.get(tp.topic()).partitions().get(tp.partition()).leader();
            out.put(tp, leader == null || leader.isEmpty() ? -1 : leader.id());
        }
        return out;
    }

    int leader(TopicPartition partition) throws Exception {
        return leaders(List.of(partition)).get(partition);
    }

    /**
     * Makes {@code node} the leader of every given partition: it becomes the first (preferred) copy,
     * then a preferred-leader election moves the leadership; returns once the Admin client sees it.
     */
    void lead(int node, Collection<TopicPartition> partitions) throws Exception {
        Map<String, TopicDescription> topics = describe(partitions.stream().map(TopicPartition::topic).distinct().toList());
        Map<TopicPartition, Optional<NewPartitionReassignment>> reorder = new HashMap<>();
        for (TopicPartition tp : partitions) {
            TopicPartitionInfo info = topics.get(tp.topic()).partitions().get(tp.partition());
            List<Integer> replicas = new ArrayList<>(info.replicas().stream().map(Node::id).toList());
            assertThat(replicas).as("copies of " + tp).contains(node);
            if (replicas.get(0) != node) {
                replicas.remove(Integer.valueOf(node));
                replicas.add(0, node);
                reorder.put(tp, Optional.of(new NewPartitionReassignment(replicas)));
            }
        }
        if (!reorder.isEmpty()) {
            admin.alterPartitionReassignments(reorder).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Set<TopicPartition> elsewhere = leaders(partitions).entrySet().stream().filter(e -> e.getValue() != node)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            if (!elsewhere.isEmpty()) {
                // ElectionNotNeeded for the ones already there is fine: the result is checked by describing
                admin.electLeaders(ElectionType.PREFERRED, elsewhere).all().toCompletionStage().toCompletableFuture()
                        .handle((v, e) -> null).get(30, TimeUnit.SECONDS);
            }
            assertThat(leaders(partitions)).as("leaders").allSatisfy((tp, leader) -> assertThat(leader).isEqualTo(node));
        });
    }

    /** The JVM of node {@code id} (started by dequeue-local's Kafka launcher). */
    Optional<ProcessHandle> process(int id) {
        return run.children().stream().filter(h -> {
            List<String> args = arguments(h);
            int at = args.indexOf("--node-id");
            return args.contains(NODE_MAIN) && at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(Integer.toString(id));
        }).findFirst();
    }

    /**
     * A process's command line from {@code /proc} (Linux): {@code ProcessHandle.Info} gives no
     * arguments for a command line over 4 KiB, and a node's class path alone is longer.
     */
    private static List<String> arguments(ProcessHandle h) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (java.io.IOException e) {
            return List.of(); // gone meanwhile
        }
    }

    /** Kills node {@code id} at once (SIGKILL: no controlled shutdown, no goodbye on any socket). */
    void kill(int id) {
        ProcessHandle node = process(id).orElseThrow(() -> new IllegalStateException("no process for node " + id));
        assertThat(node.destroyForcibly()).as("SIGKILL to node " + id).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
    }

    /** Waits until every partition of every topic has all its copies in sync (a restarted node caught up). */
    void awaitAllInSync(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> behind = new ArrayList<>();
            for (TopicDescription d : describe(List.copyOf(names)).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() < p.replicas().size()) {
                        behind.add(d.name() + "-" + p.partition());
                    }
                }
            }
            assertThat(behind).as("partitions with a copy out of sync").isEmpty();
        });
    }

    /** Copies and {@code min.insync.replicas} of a topic. */
    int replicas(String topic) throws Exception {
        return describe(List.of(topic)).get(topic).partitions().get(0).replicas().size();
    }

    String minInsyncReplicas(String topic) throws Exception {
        var resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("min.insync.replicas").value();
    }

    private Map<String, TopicDescription> describe(List<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
