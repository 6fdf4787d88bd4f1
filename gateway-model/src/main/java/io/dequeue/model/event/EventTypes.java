package io.dequeue.model.event;

/** The CloudEvents {@code ce_type} of every record of the contract. */
public final class EventTypes {
    public static final String GATEWAY_CONFIG = "io.dequeue.gateway.config";
    public static final String MAIL_ACCEPTED = "io.dequeue.mail.accepted";
    public static final String REQUEST_ETRN = "io.dequeue.request.etrn";
    public static final String REQUEST_ATRN = "io.dequeue.request.atrn";
    public static final String REQUEST_ATRN_END = "io.dequeue.request.atrn-end";
    public static final String REQUEST_ADMIN = "io.dequeue.request.admin";
    public static final String MAIL_RELEASED = "io.dequeue.mail.released";
    public static final String REPLY_ETRN = "io.dequeue.reply.etrn";
    public static final String REPLY_ATRN = "io.dequeue.reply.atrn";
    /** A message released to an ATRN session, on {@code edge.replies}. */
    public static final String REPLY_ATRN_MESSAGE = "io.dequeue.reply.atrn-message";
    public static final String DELIVERY_OUTCOME = "io.dequeue.delivery.outcome";
    public static final String QUEUE_USAGE = "io.dequeue.queue.usage";
    /** Followed by the lifecycle type, e.g. {@code io.dequeue.lifecycle.accepted}. */
    public static final String LIFECYCLE_PREFIX = "io.dequeue.lifecycle.";

    private EventTypes() {
    }
}
