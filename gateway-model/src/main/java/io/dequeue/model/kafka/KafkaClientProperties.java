package io.dequeue.model.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The connection and security settings shared by every Kafka client a service builds by hand
 * ({@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*}, {@code ssl.*},
 * {@code client.dns.lookup}, and any other client setting given under {@code kafka.}), so that
 * each client connects to the same cluster the same way as the service's Quarkus-managed ones.
 *
 * <p>Only names the Kafka clients know are taken; each client gets the ones its kind knows
 * ({@link #producer}, {@link #consumer}, {@link #admin}), and the settings of its role (client
 * id, acks, idempotence, group, serializers, ...) are applied over them and win. Settings that
 * define a client's role are never shared: {@link #ROLE_SPECIFIC}.
 *
 * <p>{@link #toString()} and {@link #describe} mask secrets ({@code sasl.jaas.config},
 * passwords, private keys): a client configuration is only ever logged through them.
 */
public final class KafkaClientProperties {
    /** The configuration prefix of the shared settings. */
    public static final String PREFIX = "kafka.";
    /** What {@link #describe} shows instead of a secret's value. */
    public static final String MASK = "[hidden]";

    /**
     * Settings that belong to one client's role and must never be shared: its identity, its group,
     * its serializers, and the guarantees every producer and reader relies on (acks=all,
     * idempotence, read_committed).
     */
    public static final Set<String> ROLE_SPECIFIC = Set.of(
            "client.id", "group.id", "group.instance.id", "transactional.id",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "acks", "enable.idempotence", "isolation.level", "enable.auto.commit");

    private static final String ENV_PREFIX = "KAFKA_";
    private static final Pattern ENV_NAME = Pattern.compile("KAFKA_[A-Z0-9_]+");
    private static final Set<String> PRODUCER = ProducerConfig.configNames();
    private static final Set<String> CONSUMER = ConsumerConfig.configNames();
    private static final Set<String> ADMIN = AdminClientConfig.configNames();
    private static final Set<String> PASSWORD_TYPED = passwordTyped();

    private final Map<String, Object> shared;
    private final Set<String> ignored;

    private KafkaClientProperties(Map<String, Object> shared, Set<String> ignored) {
        this.shared = Collections.unmodifiableMap(new TreeMap<>(shared));
        this.ignored = Collections.unmodifiableSet(new TreeSet<>(ignored));
    }

    /**
     * Shared settings from client setting names without the prefix ({@code security.protocol}).
     * Names no Kafka client knows, and {@link #ROLE_SPECIFIC} ones, are left out and reported by
     * {@link #ignored()}; null values are left out.
     */
    public static KafkaClientProperties of(Map<String, ?> settings) {
        Map<String, Object> shared = new HashMap<>();
        Set<String> ignored = new HashSet<>();
        settings.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (isSharable(name)) {
                shared.put(name, value);
            } else {
                ignored.add(name);
            }
        });
        return new KafkaClientProperties(shared, ignored);
    }

    /** Only the cluster's address, for tests and tools without further settings. */
    public static KafkaClientProperties bootstrap(String bootstrapServers) {
        return of(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Shared settings from a configuration: every {@code kafka.<setting>} property, and every
     * environment variable {@code KAFKA_<SETTING>} that names a Kafka client setting
     * ({@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}). A {@code kafka.} property
     * wins over the environment variable of the same setting.
     *
     * @param names every property name of the configuration
     * @param lookup a property's value by name
     */
    public static KafkaClientProperties fromConfig(Iterable<String> names, Function<String, Optional<String>> lookup) {
        Map<String, Object> fromEnv = new HashMap<>();
        Map<String, Object> fromProperties = new HashMap<>();
        for (String name : names) {
            if (name.startsWith(PREFIX)) {
                lookup.apply(name).ifPresent(v -> fromProperties.put(name.substring(PREFIX.length()), v));
            } else if (ENV_NAME.matcher(name).matches()) {
                String setting = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (isKnown(setting)) {
                    lookup.apply(name).ifPresent(v -> fromEnv.put(setting, v));
                }
            }
        }
        fromEnv.putAll(fromProperties);
        return of(fromEnv);
    }

    /** The cluster's address, when one is configured. */
    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(shared.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)).map(Object::toString);
    }

    /** Every shared setting, by client setting name (unmodifiable; contains secrets: never log it). */
    public Map<String, Object> shared() {
        return shared;
    }

    /** Names given under {@code kafka.} that were not taken: unknown to the clients, or role-specific. */
    public Set<String> ignored() {
        return ignored;
    }

    /** A producer's configuration: the shared settings producers know, then {@code role} over them. */
    public Map<String, Object> producer(Map<?, ?> role) {
        return merged(PRODUCER, role);
    }

    /** A consumer's configuration: the shared settings consumers know, then {@code role} over them. */
    public Map<String, Object> consumer(Map<?, ?> role) {
        return merged(CONSUMER, role);
    }

    /** An admin client's configuration: the shared settings admin clients know, then {@code role} over them. */
    public Map<String, Object> admin(Map<?, ?> role) {
        return merged(ADMIN, role);
    }

    private Map<String, Object> merged(Set<String> known, Map<?, ?> role) {
        Map<String, Object> out = new HashMap<>();
        shared.forEach((k, v) -> {
            if (known.contains(k)) {
                out.put(k, v);
            }
        });
        role.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Whether the value of a client setting is a secret that must never be logged. */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("password") || n.contains("secret") || n.endsWith(".key") || n.equals("sasl.jaas.config")) {
            return true;
        }
        return PASSWORD_TYPED.contains(name);
    }

    /** A client configuration for a log line: sorted by name, every secret's value replaced by {@link #MASK}. */
    public static String describe(Map<?, ?> config) {
        Map<String, String> out = new TreeMap<>();
        config.forEach((k, v) -> {
            String name = String.valueOf(k);
            out.put(name, isSecret(name) ? MASK : String.valueOf(v));
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return "KafkaClientProperties" + describe(shared) + (ignored.isEmpty() ? "" : ", ignored " + ignored);
    }

    private static boolean isSharable(String name) {
        return isKnown(name) && !ROLE_SPECIFIC.contains(name);
    }

    private static boolean isKnown(String name) {
        return PRODUCER.contains(name) || CONSUMER.contains(name) || ADMIN.contains(name);
    }

    private static Set<String> passwordTyped() {
        Set<String> out = new HashSet<>();
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    out.add(name);
                }
            });
        }
        return Set.copyOf(out);
    }
}
