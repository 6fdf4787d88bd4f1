package io.dequeue.systemtest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many messages sent into the edge by several concurrent clients, one SMTP session each, every
 * message with its own subject: afterwards the test knows exactly which messages were answered 250
 * and which got something else (a 4xx, a closed connection).
 */
final class SmtpLoad implements AutoCloseable {
    private final int smtpPort;
    private final String recipient;
    private final String tag;
    private final int total;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final List<Future<?>> clients;

    /** Starts {@code clients} senders of {@code total} messages to {@code recipient}, subjects {@code <tag>-<n>}. */
    SmtpLoad(int smtpPort, String recipient, String tag, int total, int clients) {
        this.smtpPort = smtpPort;
        this.recipient = recipient;
        this.tag = tag;
        this.total = total;
        this.pool = Executors.newFixedThreadPool(clients);
        this.clients = java.util.stream.IntStream.range(0, clients).<Future<?>>mapToObj(i -> pool.submit(this::sendAll)).toList();
    }

    private void sendAll() {
        int n;
        while ((n = next.getAndIncrement()) < total) {
            String subject = tag + "-" + n;
            try {
                MailIn.send(smtpPort, "sender@load.example", List.of(recipient),
                        MailIn.message("sender@load.example", recipient, subject, "message " + n + " of " + total));
                accepted.add(subject);
            } catch (Exception e) {
                refused.put(subject, String.valueOf(e.getMessage()));
            }
        }
    }

    /** Subjects answered 250 so far. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    /** Subjects that got anything but 250, with what they got. */
    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    int total() {
        return total;
    }

    /** Waits until every message was answered (either way). */
    void await(long timeout, TimeUnit unit) throws Exception {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Future<?> f : clients) {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
