package io.dequeue.queue.body;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What becomes of a stream thread that failed (Quarkus hands this bean to Kafka Streams): one that
 * could not read a body in time is replaced (its task starts again from its last commit); anything
 * else shuts the client down, as Kafka Streams does by default.
 */
@ApplicationScoped
public class BodyReadFailureHandler implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = Logger.getLogger(BodyReadFailureHandler.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        return decide(exception);
    }

    public static StreamThreadExceptionResponse decide(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BodyUnavailableException) {
                LOG.warnf("a stream thread could not read a body in time (%s); replacing it", t.getMessage());
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.errorf(exception, "a stream thread failed; shutting Kafka Streams down");
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
