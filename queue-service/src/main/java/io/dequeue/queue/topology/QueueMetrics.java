package io.dequeue.queue.topology;

/** What the topology counts, for the service's metrics; plain Java so that tests can count too. */
public interface QueueMetrics {
    /** An outcome named a release that is no longer the message's current one. */
    void staleOutcome();

    /** An outcome named a message that is not held (settled, dropped, or a DSN). */
    void unknownOutcome();

    /** A record could not be read and was skipped. */
    void malformed(String topic);

    /** The same message id arrived twice; the copy was ignored. */
    void duplicate();

    /** Messages released (to mail.released, an ATRN session, or another local domain). */
    void released(int count);

    /** A delivery status notification was sent to a sender. */
    void dsn(String why);

    /** An ETRN request was answered: refused, none, in-flight or released. */
    default void etrn(String result) {
    }

    /** An ATRN request was answered: refused, busy, no-mail or granted. */
    default void atrn(String result) {
    }

    /** A release started: etrn, atrn or admin (its messages count in {@link #released}). */
    default void release(String via) {
    }

    /** A lease ended without an outcome and its messages went back to HELD: delivery (one message) or atrn (a grant). */
    default void leaseExpired(String kind) {
    }

    QueueMetrics NONE = new QueueMetrics() {
        @Override
        public void staleOutcome() {
        }

        @Override
        public void unknownOutcome() {
        }

        @Override
        public void malformed(String topic) {
        }

        @Override
        public void duplicate() {
        }

        @Override
        public void released(int count) {
        }

        @Override
        public void dsn(String why) {
        }
    };
}
