package io.dequeue.queue.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The queue's own health checks beside Quarkus' Kafka Streams checks (its liveness is DOWN outside
 * RUNNING and REBALANCING, its readiness only checks the topics): readiness DOWN while Streams is
 * not RUNNING (restoring, rebalancing, failed), liveness DOWN when it failed or has no working
 * stream thread.
 */
@ApplicationScoped
public class StreamsHealth {
    static final String LIVENESS = "queue streams alive";
    static final String READINESS = "queue streams running";

    @Produces
    @Singleton
    StreamsStatus status(KafkaStreams streams) {
        return StreamsStatus.of(streams);
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck livenessCheck(StreamsStatus status) {
        return () -> liveness(status);
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck readinessCheck(StreamsStatus status) {
        return () -> readiness(status);
    }

    static HealthCheckResponse readiness(StreamsStatus status) {
        return HealthCheckResponse.named(READINESS).status(status.ready()).withData("state", status.state().name()).build();
    }

    static HealthCheckResponse liveness(StreamsStatus status) {
        KafkaStreams.State s = status.state();
        var b = HealthCheckResponse.named(LIVENESS).withData("state", s.name());
        if (s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING) {
            b.withData("liveStreamThreads", status.liveThreads());
        }
        return b.status(status.alive()).build();
    }
}
