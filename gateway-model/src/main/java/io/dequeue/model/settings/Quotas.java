package io.dequeue.model.settings;

/**
 * Storage quota of a gateway; 0 means unlimited.
 *
 * @param maxMessages most messages held at once
 * @param maxBytes most bytes held at once
 */
public record Quotas(Long maxMessages, Long maxBytes) {
    public static final Quotas UNLIMITED = new Quotas(null, null);

    public Quotas {
        maxMessages = maxMessages == null ? 0L : maxMessages;
        maxBytes = maxBytes == null ? 0L : maxBytes;
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("a quota cannot be negative");
        }
    }

    /** Whether a domain holding {@code count} messages and {@code bytes} bytes is full. */
    public boolean isFull(long count, long bytes) {
        return (maxMessages > 0 && count >= maxMessages) || (maxBytes > 0 && bytes >= maxBytes);
    }
}
