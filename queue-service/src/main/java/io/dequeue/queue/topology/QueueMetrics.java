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
