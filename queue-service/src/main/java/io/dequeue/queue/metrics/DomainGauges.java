package io.dequeue.queue.metrics;

import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.queue.QueueConfig;
import io.dequeue.queue.admin.QueueView;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.topology.GatewayLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The queue gauges of the domains whose partitions this instance owns (active tasks only, never
 * standbys), read from its stores every {@code dequeue.queue.metrics.refresh-interval}:
 * {@code dequeue.queue.held.messages}, {@code .held.bytes}, {@code .oldest.age} (seconds),
 * {@code .in.flight} and {@code .oldest.hold.ratio}, labelled with {@code domain} unless
 * {@code dequeue.queue.metrics.domain-label=false} (then totals only). A domain that holds
 * nothing has no series.
 */
@ApplicationScoped
public class DomainGauges {
    private static final Logger LOG = Logger.getLogger(DomainGauges.class);

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaStreams streams;

    @Inject
    QueueView view;

    @Inject
    QueueConfig config;

    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;
    private GatewayLookup gateways;
    private MultiGauge held;
    private MultiGauge bytes;
    private MultiGauge oldest;
    private MultiGauge inFlight;
    private MultiGauge ratio;

    void start(@Observes StartupEvent event) {
        held = MultiGauge.builder("dequeue.queue.held.messages")
                .description("messages held (waiting or in flight) for the domain").register(registry);
        bytes = MultiGauge.builder("dequeue.queue.held.bytes").baseUnit("bytes")
                .description("bytes of the messages held for the domain").register(registry);
        oldest = MultiGauge.builder("dequeue.queue.oldest.age").baseUnit("seconds")
                .description("age of the oldest message held for the domain").register(registry);
        inFlight = MultiGauge.builder("dequeue.queue.in.flight")
                .description("messages of the domain released and not yet settled").register(registry);
        ratio = MultiGauge.builder("dequeue.queue.oldest.hold.ratio")
                .description("age of the domain's oldest message divided by its maximum hold time (1 = expires now)")
                .register(registry);
        long every = Math.max(100, config.metrics().refreshInterval().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queue-gauges");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Reads the stores and replaces every row; skipped while the stores cannot be queried (starting, rebalancing). */
    void refresh() {
        try {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return;
            }
            List<UsageRows.Row> rows = UsageRows.of(view.usage(), this::maxHold, clock.instant(),
                    config.metrics().domainLabel());
            publish(held, rows, UsageRows.Row::held);
            publish(bytes, rows, UsageRows.Row::bytes);
            publish(oldest, rows, UsageRows.Row::oldestAgeSeconds);
            publish(inFlight, rows, UsageRows.Row::inFlight);
            publish(ratio, rows, UsageRows.Row::holdRatio);
        } catch (RuntimeException e) {
            gateways = null;
            LOG.debugf("queue gauges not refreshed: %s", e.toString());
        }
    }

    private Duration maxHold(String domain) {
        if (gateways == null) {
            gateways = new GatewayLookup(streams.store(StoreQueryParameters.fromNameAndType(QueueStores.GATEWAYS,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())));
        }
        GatewayRecord g = gateways.get(domain);
        return g == null ? GatewaySettings.DEFAULT_MAX_HOLD_TIME : g.settings().maxHoldTime();
    }

    private static void publish(MultiGauge gauge, List<UsageRows.Row> rows, ToDoubleFunction<UsageRows.Row> value) {
        gauge.register(rows.stream().map(r -> {
            Tags tags = r.domain() == null ? Tags.empty() : Tags.of("domain", r.domain());
            double v = value.applyAsDouble(r);
            return MultiGauge.Row.of(tags, v);
        }).toList(), true);
    }
}
