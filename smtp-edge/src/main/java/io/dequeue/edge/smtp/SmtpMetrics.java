package io.dequeue.edge.smtp;

import io.dequeue.edge.policy.QuotaAvailable;
import io.dequeue.smtp.reply.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP listener's meters. Every tag value comes from a fixed set (verbs of the protocol, reply
 * classes, rule names), never from client input.
 *
 * <ul>
 *   <li>{@code dequeue.edge.smtp.replies{verb,class}}: replies sent, per command and reply class (2xx...5xx)</li>
 *   <li>{@code dequeue.edge.smtp.connections{result}}: accepted, refused-total, refused-per-client, proxy-error</li>
 *   <li>{@code dequeue.edge.smtp.sessions.active}: open sessions</li>
 *   <li>{@code dequeue.edge.smtp.messages{result}}: stored, refused, failed</li>
 *   <li>{@code dequeue.edge.smtp.message.bytes}: sizes of stored messages</li>
 *   <li>{@code dequeue.edge.smtp.recipients.refused{rule}}: RCPT refusals by rule</li>
 *   <li>{@code dequeue.edge.smtp.buffered.bytes}: message bytes held in memory now ({@code .peak}: the most at once)</li>
 * </ul>
 */
public final class SmtpMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final DistributionSummary sizes;

    public SmtpMetrics(MeterRegistry registry, MemoryBudget budget) {
        this.registry = registry;
        Gauge.builder("dequeue.edge.smtp.sessions.active", active, AtomicInteger::get)
                .description("open SMTP sessions").register(registry);
        Gauge.builder("dequeue.edge.smtp.buffered.bytes", budget, MemoryBudget::used)
                .description("message bytes held in memory by SMTP sessions").baseUnit("bytes").register(registry);
        Gauge.builder("dequeue.edge.smtp.buffered.bytes.peak", budget, MemoryBudget::peak)
                .description("most message bytes held in memory by SMTP sessions at once since start").baseUnit("bytes").register(registry);
        sizes = DistributionSummary.builder("dequeue.edge.smtp.message.bytes").baseUnit("bytes")
                .description("sizes of stored messages, Received: line included").register(registry);
        // What the alert rules watch exists from the start (at zero): refused messages, quota refusals.
        counter("dequeue.edge.smtp.messages", "result", "refused");
        counter("dequeue.edge.smtp.recipients.refused", "rule", QuotaAvailable.RULE);
    }

    public void replied(String verb, Reply reply) {
        counter("dequeue.edge.smtp.replies", "verb", verb, "class", (reply.code() / 100) + "xx").increment();
    }

    public void connection(String result) {
        counter("dequeue.edge.smtp.connections", "result", result).increment();
    }

    public void sessionOpened() {
        active.incrementAndGet();
    }

    public void sessionClosed() {
        active.decrementAndGet();
    }

    public int activeSessions() {
        return active.get();
    }

    public void stored(long bytes) {
        counter("dequeue.edge.smtp.messages", "result", "stored").increment();
        sizes.record(bytes);
    }

    public void messageRefused() {
        counter("dequeue.edge.smtp.messages", "result", "refused").increment();
    }

    public void storeFailed() {
        counter("dequeue.edge.smtp.messages", "result", "failed").increment();
    }

    public void recipientRefused(String rule) {
        counter("dequeue.edge.smtp.recipients.refused", "rule", rule).increment();
    }

    private Counter counter(String name, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (String t : tags) {
            key.append('|').append(t);
        }
        return counters.computeIfAbsent(key.toString(), k -> Counter.builder(name).tags(tags).register(registry));
    }
}
