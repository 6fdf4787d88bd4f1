package io.dequeue.delivery;

import io.dequeue.smtp.reply.Reply;

/**
 * The replies delivery-service makes up itself, for outcomes no peer answered: DNS results, bad
 * release records, shutdown. They land in {@code delivery.outcomes} and, for permanent ones, in the
 * DSN the sender gets.
 */
public final class DeliveryReplies {

    private DeliveryReplies() {
    }

    /** SERVFAIL, timeout or network trouble: try again later. */
    public static Reply dnsTemporary(String name, String reason) {
        return Reply.of(451, "4.4.3", "DNS lookup of " + name(name) + " failed temporarily: " + Reply.sanitize(reason, 80));
    }

    /** NXDOMAIN. */
    public static Reply domainNotFound(String name) {
        return Reply.of(550, "5.1.2", "Host or domain name not found: " + name(name));
    }

    /** RFC 7505: the domain publishes a null MX and accepts no mail. */
    public static Reply nullMx(String domain) {
        return Reply.of(556, "5.1.10", "Domain " + name(domain) + " does not accept mail (null MX)");
    }

    /** Every MX host left was this gateway itself, or less preferred than it. */
    public static Reply mxLoop(String domain) {
        return Reply.of(554, "5.4.6", "Mail for " + name(domain) + " loops back to this gateway (MX points here)");
    }

    /** The target itself (a configured host, an IP, the requester, a DSN's address literal) is this gateway. */
    public static Reply targetLoop(String host) {
        return Reply.of(554, "5.4.6", "Mail loop: " + name(host) + " is this gateway");
    }

    /** Every address of the target is one the gateway does not deliver to (local or private networks). */
    public static Reply refusedTarget(String name, String what) {
        return Reply.of(550, "5.4.4", "Not delivering to " + name(name) + ": " + what);
    }

    /** No usable A/AAAA for the host (or for any MX host). */
    public static Reply noAddress(String name) {
        return Reply.of(550, "5.4.4", "No address found for " + name(name));
    }

    /** The release record names a target that cannot be used. */
    public static Reply badTarget(String what) {
        return Reply.of(451, "4.3.5", "Bad delivery target: " + Reply.sanitize(what, 120));
    }

    public static final Reply NO_TARGET = Reply.of(451, "4.3.5", "The release names no delivery target");

    public static final Reply SHUTTING_DOWN = Reply.of(421, "4.3.2", "Delivery service shutting down");

    /** The message could not be started on any connection (each was lost before it began). */
    public static final Reply NO_USABLE_CONNECTION = Reply.of(421, "4.4.2", "No usable connection to the target");

    /**
     * The release names its body in {@code mail.accepted}, and it is not there any more (deleted by
     * retention) or that record is not the message: the message is lost, for good.
     */
    public static Reply bodyMissing(String why) {
        return Reply.of(554, "5.3.0", "Message content no longer stored by the gateway: " + Reply.sanitize(why, 120));
    }

    public static Reply localError(String what) {
        return Reply.of(451, "4.3.0", "Local error: " + Reply.sanitize(what, 120));
    }

    private static String name(String n) {
        return Reply.sanitize(n, 255);
    }
}
