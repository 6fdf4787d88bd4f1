package io.dequeue.model.log;

import org.jboss.logging.MDC;

/**
 * Puts the fields a log line is about into the MDC for the one log call, and takes them out again
 * (restoring what was there before): on a Vert.x event loop or a Kafka client thread, one thread
 * serves many sessions and messages, so a field left behind would be written on another's lines.
 * A null field leaves the MDC entry as it is (e.g. an enclosing call's). With {@code DEQUEUE_LOG_JSON=true} the JSON console log writes the MDC
 * entries as fields ({@code "mdc": {"sessionId": ..., "queueId": ..., "domain": ...}}); the plain
 * console log does not show them.
 *
 * <pre>{@code
 * LogFields.of(sessionId, queueId, domain).log(() -> LOG.infof("%s stored", queueId));
 * }</pre>
 *
 * @param sessionId the SMTP or ODMR session (smtp-edge's session id), or null
 * @param queueId   the message's queue id (the edge's {@code queued as} id), or null
 * @param domain    the gateway domain, or null
 */
public record LogFields(String sessionId, String queueId, String domain) {
    /** MDC key of the session id. */
    public static final String SESSION_ID = "sessionId";
    /** MDC key of the queue id. */
    public static final String QUEUE_ID = "queueId";
    /** MDC key of the gateway domain. */
    public static final String DOMAIN = "domain";

    public static LogFields of(String sessionId, String queueId, String domain) {
        return new LogFields(sessionId, queueId, domain);
    }

    /** Only a session. */
    public static LogFields session(String sessionId) {
        return new LogFields(sessionId, null, null);
    }

    /** A message of a domain, outside a session. */
    public static LogFields message(String queueId, String domain) {
        return new LogFields(null, queueId, domain);
    }

    /** Runs {@code logCall} (one or a few log calls) with the fields in the MDC, then restores the MDC. */
    public void log(Runnable logCall) {
        Object oldSession = swap(SESSION_ID, sessionId);
        Object oldQueue = swap(QUEUE_ID, queueId);
        Object oldDomain = swap(DOMAIN, domain);
        try {
            logCall.run();
        } finally {
            restore(DOMAIN, oldDomain);
            restore(QUEUE_ID, oldQueue);
            restore(SESSION_ID, oldSession);
        }
    }

    private static Object swap(String key, String value) {
        Object old = MDC.get(key);
        if (value != null) {
            MDC.put(key, value);
        }
        return old;
    }

    private static void restore(String key, Object old) {
        if (old == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, old);
        }
    }
}
