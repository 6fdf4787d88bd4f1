package io.dequeue.smtp.reply;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one catalogue of every reply the gateway sends. Sessions and policies pick from here; tests
 * assert against these constants. Enhanced status codes (RFC 3463) are on every 2xx/4xx/5xx reply
 * except the greeting, EHLO/HELO and the ATRN replies whose exact text RFC 2645 fixes.
 *
 * <p>Factories taking a name (host, ETRN node) expect an already validated value; they still
 * {@link Reply#sanitize sanitize} it so a caller mistake cannot put raw bytes on the wire.
 */
public final class Replies {

    private Replies() {
    }

    private static final int MAX_ECHO = 255;

    // ---- connection ------------------------------------------------------------------------

    /** {@code 220 <host> ESMTP Dequeue}: the greeting (no enhanced code). */
    public static Reply greeting(String hostname) {
        return Reply.of(220, host(hostname) + " ESMTP Dequeue");
    }

    /** {@code 554 <host> Service unavailable}: greeting that refuses the connection (no enhanced code). */
    public static Reply greetingRefused(String hostname) {
        return Reply.of(554, host(hostname) + " Service unavailable");
    }

    /** Sent (then closed) to a client that talked before the greeting. */
    public static final Reply EARLY_TALKER = Reply.of(554, "5.5.1", "Protocol error: data sent before greeting");

    public static final Reply TOO_MANY_CONNECTIONS = Reply.of(421, "4.7.0", "Too many connections, try again later");
    public static final Reply IDLE_TIMEOUT = Reply.of(421, "4.4.2", "Idle timeout exceeded, closing connection");
    public static final Reply SESSION_TIMEOUT = Reply.of(421, "4.4.2", "Session time limit exceeded, closing connection");
    public static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0", "Too many errors, closing connection");
    /**
     * Sent (then closed) to a peer that is not a trusted load balancer on a listener that expects
     * the PROXY protocol, before any of its bytes is read.
     */
    public static final Reply PROXY_NOT_TRUSTED =
            Reply.of(421, "4.7.0", "PROXY protocol not accepted from this address, closing connection");

    /** Past the junk command limit (NOOP, HELP, RSET, VRFY, refused RCPT / ETRN / AUTH). */
    public static final Reply TOO_MANY_JUNK_COMMANDS =
            Reply.of(421, "4.7.0", "Too many commands without mail, closing connection");
    public static final Reply SHUTTING_DOWN = Reply.of(421, "4.3.2", "Service shutting down, closing connection");
    public static final Reply QUIT = Reply.of(221, "2.0.0", "Bye");

    // ---- EHLO / HELO -----------------------------------------------------------------------

    /** {@code 250-<host>} followed by one line per capability (no enhanced code). */
    public static Reply ehlo(String hostname, List<String> capabilities) {
        List<String> lines = new ArrayList<>(capabilities.size() + 1);
        lines.add(host(hostname));
        lines.addAll(capabilities);
        return Reply.of(250, null, lines);
    }

    /** {@code 250 <host>} (no enhanced code). */
    public static Reply helo(String hostname) {
        return Reply.of(250, host(hostname));
    }

    // ---- generic ---------------------------------------------------------------------------

    public static final Reply OK = Reply.of(250, "2.0.0", "Ok");
    public static final Reply NOOP = OK;
    public static final Reply RSET = OK;
    public static final Reply HELP = Reply.of(214, "2.0.0", "See RFC 5321, RFC 1985 and RFC 2645");
    public static final Reply VRFY_CANNOT_VERIFY =
            Reply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery");
    public static final Reply VRFY_DISABLED = Reply.of(502, "5.5.1", "VRFY command is disabled");
    public static final Reply EXPN_DISABLED = Reply.of(502, "5.5.1", "EXPN command is disabled");
    public static final Reply TURN_DISABLED = Reply.of(502, "5.5.1", "TURN command is disabled, use ETRN or ATRN");
    public static final Reply BDAT_NOT_SUPPORTED = Reply.of(502, "5.5.1", "BDAT not supported, use DATA");
    public static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1", "Command not implemented");

    // ---- syntax ----------------------------------------------------------------------------

    public static final Reply COMMAND_UNRECOGNIZED = Reply.of(500, "5.5.2", "Syntax error, command unrecognized");
    public static final Reply SYNTAX_ERROR = Reply.of(500, "5.5.2", "Syntax error");
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.6", "Line too long");
    public static final Reply ARGUMENT_SYNTAX = Reply.of(501, "5.5.4", "Syntax error in parameters or arguments");
    public static final Reply NO_ARGUMENTS_ALLOWED = Reply.of(501, "5.5.4", "Syntax error, no parameters allowed");
    public static final Reply EHLO_SYNTAX = Reply.of(501, "5.5.4", "Syntax: EHLO domain-or-address-literal");
    public static final Reply HELO_SYNTAX = Reply.of(501, "5.5.4", "Syntax: HELO domain-or-address-literal");
    public static final Reply MAIL_SYNTAX = Reply.of(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
    public static final Reply RCPT_SYNTAX = Reply.of(501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]");
    public static final Reply AUTH_SYNTAX = Reply.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");

    /** {@code 501 5.5.4 Syntax: <usage>}; usage must be a fixed text of the caller, never client input. */
    public static Reply syntax(String usage) {
        return Reply.of(501, "5.5.4", "Syntax: " + Reply.sanitize(usage, MAX_ECHO));
    }

    // ---- sequence --------------------------------------------------------------------------

    public static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");
    public static final Reply EHLO_FIRST = Reply.of(503, "5.5.1", "Bad sequence of commands, send EHLO or HELO first");
    public static final Reply MAIL_FIRST = Reply.of(503, "5.5.1", "Bad sequence of commands, need MAIL command");
    public static final Reply RCPT_FIRST = Reply.of(503, "5.5.1", "Bad sequence of commands, need RCPT command");
    public static final Reply NO_VALID_RECIPIENTS = Reply.of(503, "5.5.1", "Bad sequence of commands, no valid recipients");
    public static final Reply NESTED_MAIL = Reply.of(503, "5.5.1", "Bad sequence of commands, sender already specified");
    public static final Reply ALREADY_AUTHENTICATED = Reply.of(503, "5.5.1", "Already authenticated");
    public static final Reply AUTH_IN_TRANSACTION = Reply.of(503, "5.5.1", "AUTH not permitted during a mail transaction");
    public static final Reply ALREADY_TLS = Reply.of(503, "5.5.1", "TLS already active");

    // ---- MAIL / RCPT -----------------------------------------------------------------------

    public static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Sender ok");
    public static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Recipient ok");
    public static final Reply BAD_SENDER_SYNTAX = Reply.of(501, "5.1.7", "Bad sender address syntax");
    public static final Reply BAD_RECIPIENT_SYNTAX = Reply.of(501, "5.1.3", "Bad recipient address syntax");
    public static final Reply NON_ASCII_ADDRESS = Reply.of(553, "5.6.7", "Non-ASCII addresses require SMTPUTF8");
    public static final Reply RELAY_DENIED = Reply.of(550, "5.7.1", "Relay access denied");
    public static final Reply UNKNOWN_USER = Reply.of(550, "5.1.1", "Recipient address rejected: user unknown");
    public static final Reply SENDER_REJECTED = Reply.of(550, "5.7.1", "Sender address rejected");
    public static final Reply MAILBOX_FULL = Reply.of(452, "4.2.2", "Mailbox full, try again later");
    public static final Reply GATEWAY_STORAGE_FULL = Reply.of(452, "4.3.1", "Insufficient system storage, try again later");
    public static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Too many recipients");
    public static final Reply PARAM_UNKNOWN = Reply.of(555, "5.5.4", "Unsupported MAIL FROM or RCPT TO parameter");
    public static final Reply PARAM_DUPLICATE = Reply.of(501, "5.5.4", "Duplicate parameter");
    public static final Reply PARAM_SYNTAX = Reply.of(501, "5.5.4", "Syntax error in parameter value");
    public static final Reply BODY_UNSUPPORTED = Reply.of(555, "5.5.4", "Unsupported BODY type, use 7BIT or 8BITMIME");
    public static final Reply BODY_SYNTAX = Reply.of(501, "5.5.4", "Syntax error in BODY parameter, use 7BIT or 8BITMIME");

    // ---- DATA ------------------------------------------------------------------------------

    public static final Reply START_DATA = Reply.of(354, "End data with <CR><LF>.<CR><LF>");
    public static final Reply MESSAGE_TOO_BIG = Reply.of(552, "5.3.4", "Message size exceeds fixed limit");
    /** A message that has passed more relays (Received: lines) than the limit: a mail loop (RFC 5321 6.3). */
    public static final Reply TOO_MANY_HOPS = Reply.of(554, "5.4.6", "Routing loop detected: too many Received headers");
    public static final Reply BARE_LINE_ENDING = Reply.of(550, "5.5.2", "Message contains bare CR or bare LF, use CR LF");
    /** After the data: a text line was over the limit (RFC 5321 4.5.3.1.6; "500 Line too long" is the RFC's own example). */
    public static final Reply TEXT_LINE_TOO_LONG =
            Reply.of(500, "5.5.6", "Line too long, message text lines are limited to 1000 octets with CR LF");
    public static final Reply TEMPORARY_STORAGE_FAILURE = Reply.of(451, "4.3.0", "Temporary storage failure, try again later");
    /** Any unexpected local failure (a failed policy future without a reply of its own). */
    public static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in processing, try again later");

    /**
     * {@code 250 2.0.0 Ok: queued as <id>}; the id is the gateway's own token and must be printable
     * US-ASCII without spaces.
     */
    public static Reply queued(String id) {
        return Reply.of(250, "2.0.0", "Ok: queued as " + Reply.sanitize(id, 128).replace(' ', '_'));
    }

    // ---- STARTTLS --------------------------------------------------------------------------

    public static final Reply STARTTLS_READY = Reply.of(220, "2.0.0", "Ready to start TLS");
    public static final Reply TLS_NOT_AVAILABLE = Reply.of(454, "4.7.0", "TLS not available due to temporary reason");
    public static final Reply STARTTLS_SYNTAX = Reply.of(501, "5.5.4", "Syntax: STARTTLS (no parameters allowed)");

    // ---- AUTH ------------------------------------------------------------------------------

    public static final Reply AUTH_SUCCESSFUL = Reply.of(235, "2.7.0", "Authentication successful");
    public static final Reply AUTH_FAILED = Reply.of(535, "5.7.8", "Authentication credentials invalid");
    public static final Reply AUTH_TEMPORARY_FAILURE = Reply.of(454, "4.7.0", "Temporary authentication failure");
    public static final Reply AUTH_MECHANISM_UNKNOWN = Reply.of(504, "5.5.4", "Unrecognized authentication mechanism");
    public static final Reply AUTH_BAD_BASE64 = Reply.of(501, "5.5.2", "Cannot decode response");
    public static final Reply AUTH_BAD_RESPONSE = Reply.of(501, "5.5.2", "Malformed authentication response");
    public static final Reply AUTH_CANCELLED = Reply.of(501, "5.7.0", "Authentication cancelled");
    public static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");
    public static final Reply ENCRYPTION_REQUIRED =
            Reply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static final Reply AUTH_TOO_MANY_FAILURES = Reply.of(421, "4.7.0", "Too many authentication failures");

    /** {@code 334 <base64 of challenge>}; one line, possibly {@code "334 "} for an empty challenge. */
    public static Reply authChallenge(byte[] challenge) {
        return Reply.of(334, Base64.getEncoder().encodeToString(challenge));
    }

    // ---- ETRN (RFC 1985) -------------------------------------------------------------------

    public static Reply etrnQueuingStarted(String node) {
        return Reply.of(250, "2.0.0", "OK, queuing for node " + node(node) + " started");
    }

    public static Reply etrnNoMessages(String node) {
        return Reply.of(251, "2.0.0", "OK, no messages waiting for node " + node(node));
    }

    public static Reply etrnPendingStarted(String node) {
        return Reply.of(252, "2.0.0", "OK, pending messages for node " + node(node) + " started");
    }

    public static Reply etrnPendingCount(long count, String node) {
        return Reply.of(253, "2.0.0", "OK, " + count + " pending messages for node " + node(node) + " started");
    }

    /** Temporary: queue unavailable or a run already in progress. */
    public static Reply etrnUnableToQueue(String node) {
        return Reply.of(458, "4.3.0", "Unable to queue messages for node " + node(node));
    }

    /** The reason must be a fixed text of the gateway. */
    public static Reply etrnNodeNotAllowed(String node, String reason) {
        return Reply.of(459, "4.7.1", "Node " + node(node) + " not allowed: " + Reply.sanitize(reason, MAX_ECHO));
    }

    public static final Reply ETRN_NO_ARGUMENT = Reply.of(500, "5.5.2", "Syntax error, ETRN needs a node name");
    public static final Reply ETRN_BAD_ARGUMENT = Reply.of(501, "5.5.4", "Syntax error in ETRN node name");
    public static final Reply ETRN_NAMED_QUEUE = Reply.of(501, "5.5.4", "Named queues (ETRN #queue) are not supported");
    public static final Reply ETRN_DISABLED = Reply.of(502, "5.5.1", "ETRN not available");
    public static final Reply ETRN_BAD_SEQUENCE = Reply.of(503, "5.5.1", "ETRN not permitted before EHLO or during a mail transaction");
    public static final Reply ETRN_AUTH_REQUIRED = AUTH_REQUIRED;

    // ---- ATRN (RFC 2645): single-line replies with the RFC's texts -------------------------

    public static final Reply ATRN_OK = Reply.of(250, "OK now reversing the connection");
    public static final Reply ATRN_REFUSED = Reply.of(450, "ATRN request refused");
    public static final Reply ATRN_BUSY = Reply.of(451, "Unable to process ATRN request now");
    public static final Reply ATRN_NO_MAIL = Reply.of(453, "You have no mail");
    public static final Reply ATRN_DISABLED = Reply.of(502, "5.5.1", "ATRN not available");
    public static final Reply ATRN_AUTH_REQUIRED = AUTH_REQUIRED;
    public static final Reply ATRN_IN_TRANSACTION = Reply.of(503, "5.5.1", "ATRN not permitted during a mail transaction");
    public static final Reply ATRN_SYNTAX = Reply.of(501, "5.5.4", "Syntax: ATRN [domain[,domain...]]");

    private static String host(String hostname) {
        String h = Reply.sanitize(hostname, MAX_ECHO).replace(' ', '_');
        return h.isEmpty() ? "localhost" : h;
    }

    private static String node(String node) {
        return Reply.sanitize(node, MAX_ECHO);
    }
}
