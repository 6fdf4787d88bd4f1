package io.dequeue.fetch.session;

/** Counts of one pull (single-threaded). */
final class Counters {
    long messages;
    long accepted;
    long deferred;
    long rejected;
    long bytes;

    /** Counts one recipient by the class of the local server's answer. */
    void recipient(int code) {
        switch (code / 100) {
            case 2 -> accepted++;
            case 4 -> deferred++;
            default -> rejected++;
        }
    }
}
