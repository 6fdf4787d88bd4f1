package io.dequeue.localkafka;

import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of the event contract ({@link Topics#all()}) with their partition counts and
 * configs. Idempotent: a topic that already exists is left as it is (a partition count different from
 * the contract is reported as a warning, never changed).
 */
public final class TopicInitializer {

    /** How long topic creation may take in total, including waiting for partition leaders. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(TopicInitializer.class.getName());

    private TopicInitializer() {
    }

    /**
     * Creates every missing topic of the contract with the broker's {@code default.replication.factor}
     * (1 on the {@link EmbeddedKafka} broker), and waits until every partition has a leader.
     *
     * @return the names of the topics created by this call (empty if all existed)
     */
    public static List<String> createAll(String bootstrapServers) {
        return createAll(bootstrapServers, Optional.empty());
    }

    /** As {@link #createAll(String)}, with an explicit replication factor for the created topics. */
    public static List<String> createAll(String bootstrapServers, short replicationFactor) {
        return createAll(bootstrapServers, Optional.of(replicationFactor));
    }

    /**
     * As {@link #createAll(String)}, each created topic with {@code replicationFactor} copies and the
     * topic setting {@code min.insync.replicas}: how many copies must have a record before a producer
     * with {@code acks=all} hears it was written (a multi-node {@link LocalCluster}: 3 and 2).
     */
    public static List<String> createAll(String bootstrapServers, short replicationFactor, int minInsyncReplicas) {
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas + " with replication "
                    + replicationFactor);
        }
        List<TopicSpec> specs = Topics.all().stream().map(spec -> {
            Map<String, String> configs = new HashMap<>(spec.configs());
            configs.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
            return new TopicSpec(spec.name(), spec.partitions(), configs, spec.description());
        }).toList();
        return createAll(bootstrapServers, specs, Optional.of(replicationFactor));
    }

    private static List<String> createAll(String bootstrapServers, Optional<Short> replicationFactor) {
        return createAll(bootstrapServers, Topics.all(), replicationFactor);
    }

    private static List<String> createAll(String bootstrapServers, List<TopicSpec> specs,
                                          Optional<Short> replicationFactor) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-topics",
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        try (Admin admin = Admin.create(config)) {
            return create(admin, specs, replicationFactor, DEFAULT_TIMEOUT);
        }
    }

    /**
     * Creates the missing topics among {@code specs} through {@code admin}.
     *
     * @param replicationFactor empty = the broker's default replication factor
     * @return the names of the topics created by this call
     */
    public static List<String> create(Admin admin, Collection<TopicSpec> specs, Optional<Short> replicationFactor,
                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Set<String> existing = admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor)
                            .configs(spec.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            if (!missing.isEmpty()) {
                CreateTopicsResult result = admin.createTopics(missing);
                for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
                    try {
                        entry.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                        created.add(entry.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                    + e.getCause().getMessage(), e.getCause());
                        }
                        // created concurrently by someone else: fine
                    }
                }
            }
            List<String> names = specs.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> descriptions = awaitLeaders(admin, names, deadline);
            for (TopicSpec spec : specs) {
                int partitions = descriptions.get(spec.name()).partitions().size();
                if (partitions != spec.partitions()) {
                    LOG.log(Level.WARNING, "topic {0} has {1} partitions, the contract says {2}",
                            spec.name(), partitions, spec.partitions());
                }
            }
            if (!created.isEmpty()) {
                awaitServing(admin, created, descriptions, deadline);
                LOG.log(Level.DEBUG, () -> "created topics " + created);
            }
            return List.copyOf(created);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the contract topics: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating the contract topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Describes the topics until every partition has a leader (a new topic takes a moment). */
    private static Map<String, TopicDescription> awaitLeaders(Admin admin, List<String> names, long deadline)
            throws InterruptedException, TimeoutException, ExecutionException {
        while (true) {
            Map<String, TopicDescription> descriptions;
            try {
                descriptions = admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition right after creation: the broker's metadata lags the controller
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(25);
                continue;
            }
            List<String> leaderless = descriptions.values().stream()
                    .filter(d -> d.partitions().stream().map(TopicPartitionInfo::leader)
                            .anyMatch(leader -> leader == null || leader.isEmpty()))
                    .map(TopicDescription::name)
                    .collect(Collectors.toList());
            if (leaderless.isEmpty()) {
                return descriptions;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader yet for some partitions of " + leaderless);
            }
            Thread.sleep(25);
        }
    }

    /**
     * Lists the end offsets of every partition of the new topics: the broker answers only once it
     * acts as the partition leader, a moment after the metadata shows the leader. Without this the
     * first produce right after creation can get a (retried) NOT_LEADER_OR_FOLLOWER.
     */
    private static void awaitServing(Admin admin, List<String> topics, Map<String, TopicDescription> descriptions,
                                     long deadline) throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String topic : topics) {
            for (TopicPartitionInfo partition : descriptions.get(topic).partitions()) {
                partitions.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
        }
        admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    }

    private static long remainingMillis(long deadline) throws TimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("topic creation timed out");
        }
        return remaining;
    }
}
