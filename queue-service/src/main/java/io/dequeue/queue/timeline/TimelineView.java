package io.dequeue.queue.timeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;

/** This instance's local stores (the active tasks' partitions), for {@link MessageLookup}. */
@ApplicationScoped
public class TimelineView {
    @Inject
    KafkaStreams streams;

    MessageLookup lookup() {
        try {
            return new MessageLookup(name -> streams.store(
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            throw new ProblemException(ProblemType.STORE_UNAVAILABLE,
                    "The queue's stores are not available right now (starting or rebalancing).");
        }
    }
}
