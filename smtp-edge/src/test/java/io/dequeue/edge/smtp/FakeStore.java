package io.dequeue.edge.smtp;

import io.dequeue.model.Envelope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An in-memory {@link SmtpServices.MessageStore} for unit-level tests (integration tests use Kafka). */
final class FakeStore implements SmtpServices.MessageStore {
    enum Mode { OK, FAIL, HANG }

    record Stored(Envelope envelope, byte[] message) {
    }

    volatile Mode mode = Mode.OK;
    final List<Stored> stored = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletionStage<List<Envelope>> store(Envelope envelope, byte[] message) {
        switch (mode) {
            case FAIL:
                return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
            case HANG:
                return new CompletableFuture<>();
            default:
                stored.add(new Stored(envelope, message));
                Map<String, List<Envelope.Recipient>> byDomain = new LinkedHashMap<>();
                for (Envelope.Recipient r : envelope.recipients()) {
                    byDomain.computeIfAbsent(r.domain(), k -> new ArrayList<>()).add(r);
                }
                List<Envelope> parts = new ArrayList<>();
                byDomain.values().forEach(rs -> parts.add(envelope.withRecipients(rs)));
                return CompletableFuture.completedFuture(parts);
        }
    }
}
