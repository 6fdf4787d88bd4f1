package io.dequeue.queue.body;

/**
 * A body could not be read in time (the broker did not answer): the task must not go on as if it
 * had none. Thrown out of the processor, it fails the stream thread, whose transaction aborts;
 * {@link BodyReadFailureHandler} replaces the thread, which starts the task again from its last
 * commit (exactly once: nothing of the failed attempt remains).
 */
public final class BodyUnavailableException extends RuntimeException {
    public BodyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
