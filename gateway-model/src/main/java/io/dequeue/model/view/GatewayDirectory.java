package io.dequeue.model.view;

import io.dequeue.model.DomainName;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A local, read-only, always up-to-date view of every gateway, built from the compacted
 * {@code gateway.config} topic. Every service keeps one.
 *
 * <p>{@link #isReady()} turns true once the records that existed at start have been read;
 * {@link #awaitOffset} lets a writer wait until its own write is visible.
 */
public final class GatewayDirectory implements AutoCloseable {
    /** A change seen on the topic; {@code current} is null when the gateway was deleted. */
    public record Change(DomainName domain, GatewayRecord previous, GatewayRecord current) {
    }

    private final CompactedTopicView<GatewayRecord> view;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param clientId a name for the consumer, e.g. {@code smtp-edge-gateways}
     * @param extra additional consumer settings (security, for example); may be empty
     */
    public GatewayDirectory(String bootstrapServers, String clientId, Map<String, Object> extra) {
        view = new CompactedTopicView<>(bootstrapServers, clientId, Topics.GATEWAY_CONFIG,
                ContractSerdes.gatewayRecord(), extra);
    }

    /**
     * @param kafka the service's shared client settings (cluster address, security)
     * @param clientId a name for the consumer, e.g. {@code smtp-edge-gateways}
     */
    public GatewayDirectory(KafkaClientProperties kafka, String clientId) {
        view = new CompactedTopicView<>(kafka, clientId, Topics.GATEWAY_CONFIG, ContractSerdes.gatewayRecord());
    }

    /** Starts the background reader. */
    public GatewayDirectory start() {
        view.start();
        return this;
    }

    public boolean isReady() {
        return view.isReady();
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return view.awaitReady(timeout);
    }

    /** Waits until the record at {@code offset} of {@code partition} has been applied. */
    public boolean awaitOffset(int partition, long offset, Duration timeout) throws InterruptedException {
        return view.awaitOffset(partition, offset, timeout);
    }

    public Optional<GatewayRecord> find(DomainName domain) {
        return view.get(domain);
    }

    public Collection<GatewayRecord> all() {
        return view.values();
    }

    public int size() {
        return view.size();
    }

    /**
     * The credential owner for a login: a login is a gateway's domain name, and that gateway's
     * stored secret is the password.
     */
    public Optional<GatewayRecord> findByLogin(String login) {
        if (login == null || !DomainName.isValid(login)) {
            return Optional.empty();
        }
        return find(DomainName.parse(login));
    }

    /** Every gateway domain that {@code login} may dequeue: its own and those that authorise it. */
    public Set<DomainName> domainsDequeuableBy(DomainName login) {
        Set<DomainName> out = new TreeSet<>();
        for (GatewayRecord g : all()) {
            if (g.settings().mayBeDequeuedBy(login)) {
                out.add(g.settings().domain());
            }
        }
        return out;
    }

    /** Every configured gateway domain equal to or under {@code parent} (for {@code ETRN @domain}). */
    public List<DomainName> domainsWithin(DomainName parent) {
        List<DomainName> out = new ArrayList<>();
        for (DomainName d : view.keys()) {
            if (d.isWithin(parent)) {
                out.add(d);
            }
        }
        out.sort(null);
        return out;
    }

    public boolean anyEtrnEnabled() {
        return all().stream().anyMatch(g -> g.settings().etrn().enabled());
    }

    public boolean anyAtrnEnabled() {
        return all().stream().anyMatch(g -> g.settings().atrn().enabled());
    }

    public void addListener(Consumer<Change> listener) {
        view.addListener(c -> listener.accept(new Change(c.key(), c.previous(), c.current())));
    }

    /** Records that could not be read (corrupt or from an incompatible writer). */
    public long skippedRecords() {
        return view.skippedRecords();
    }

    @Override
    public void close() {
        view.close();
    }
}
