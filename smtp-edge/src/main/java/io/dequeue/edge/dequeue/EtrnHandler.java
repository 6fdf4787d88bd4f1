package io.dequeue.edge.dequeue;

/**
 * ETRN (RFC 1985) on the SMTP port: the SMTP listener's policy hands every ETRN with a validated
 * argument here and sends the reply it gets.
 */
public interface EtrnHandler {
    io.vertx.core.Future<io.dequeue.smtp.reply.Reply> etrn(io.dequeue.smtp.server.SessionInfo session, io.dequeue.smtp.command.Command.Etrn etrn);

    /** advertise ETRN in EHLO */
    boolean offered();
}
