package io.dequeue.edge.smtp;

import io.dequeue.edge.dequeue.EtrnHandler;
import io.dequeue.edge.policy.GatewayLookup;
import io.dequeue.edge.policy.RecipientPolicy;
import io.dequeue.model.Envelope;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.SessionInfo;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What the edge's SMTP sessions depend on, as plain interfaces: the CDI wiring fills it with the
 * Kafka-backed beans, unit tests and the fuzz test with in-memory fakes.
 *
 * @param gateways   the configured gateways
 * @param recipients the RCPT rules
 * @param store      durable storage of an accepted message (completes when Kafka acknowledged it)
 * @param auth       AUTH verification
 * @param etrn       the ETRN handler of this moment, or null when the edge has none
 * @param metrics    meters
 * @param budget     memory for message bodies
 * @param clock      time for Received: lines and envelopes
 */
public record SmtpServices(GatewayLookup gateways, RecipientPolicy recipients, MessageStore store, Authenticator auth,
                           Supplier<EtrnHandler> etrn, SmtpMetrics metrics, MemoryBudget budget, Clock clock) {

    /** Stores a message: one record per recipient domain, complete only when every one is acknowledged. */
    @FunctionalInterface
    public interface MessageStore {
        CompletionStage<List<Envelope>> store(Envelope envelope, byte[] message);
    }

    /** Verifies a completed SASL exchange. */
    @FunctionalInterface
    public interface Authenticator {
        Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt);
    }
}
