package io.dequeue.delivery.service;

import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;

import java.util.concurrent.CompletionStage;

/** Where outcomes and lifecycle events go; each stage completes when the record is acknowledged. */
public interface EventPublisher {

    CompletionStage<Void> outcome(DeliveryOutcome outcome);

    CompletionStage<Void> lifecycle(LifecycleEvent event);
}
