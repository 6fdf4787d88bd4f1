package io.dequeue.edge.kafka;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.CompactedTopicView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Optional;

/** What each domain holds now, from queue-service's compacted {@code queue.usage}: the edge enforces quotas with it. */
@ApplicationScoped
public class UsageView {
    @Inject
    KafkaClientProperties kafka;

    private CompactedTopicView<QueueUsage> view;

    void start(@Observes StartupEvent ev) {
        view = new CompactedTopicView<>(kafka, "smtp-edge-usage", Topics.QUEUE_USAGE, ContractSerdes.queueUsage()).start();
    }

    void stop(@Observes ShutdownEvent ev) {
        view.close();
    }

    public Optional<QueueUsage> usage(DomainName domain) {
        return view.get(domain);
    }

    public boolean isReady() {
        return view.isReady();
    }
}
