package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A small policy for tests and dialogue scripts. Local domains example.net and example.org;
 * users "unknown" (550 5.1.1) and "full" (452 4.2.2); sender "blocked" refused; login tim /
 * tanstaaf (PLAIN, LOGIN, CRAM-MD5); ETRN nodes example.net (2 held), empty.example (none),
 * busy.example (458), secure.example (needs AUTH); ATRN for example.net (mail) and example.org (none).
 */
public class TestPolicy implements SessionPolicy {

    public record Held(Envelope envelope, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    public static final Set<String> LOCAL = Set.of("example.net", "example.org");
    public static final byte[] PASSWORD = "tanstaaf".getBytes(StandardCharsets.US_ASCII);

    public final List<Held> messages = Collections.synchronizedList(new ArrayList<>());
    public final List<Reply> aborted = new ArrayList<>();
    public final List<String> etrnRequests = new ArrayList<>();
    public int closed;
    public int atrnAbandoned;
    public SessionTransport reversedTransport;

    /** When set, rcptTo answers with pending promises the test completes. */
    public boolean asyncRcpt;
    public final ArrayDeque<Promise<Reply>> pendingRcpt = new ArrayDeque<>();
    /** When set, the DATA end answers with a pending promise. */
    public boolean asyncEnd;
    public final ArrayDeque<Promise<Reply>> pendingEnd = new ArrayDeque<>();
    /** When set, atrn answers with pending promises the test completes with the reply. */
    public boolean asyncAtrn;
    public final ArrayDeque<Promise<Reply>> pendingAtrn = new ArrayDeque<>();
    /** When set, mailFrom fails with a plain exception (451). */
    public boolean failMail;

    @Override
    public Future<Reply> mailFrom(SessionInfo session, Command.Mail mail) {
        if (failMail) {
            return Future.failedFuture(new RuntimeException("storage down"));
        }
        if (mail.reversePath() != null && mail.reversePath().localPart().equals("blocked")) {
            return Future.succeededFuture(Replies.SENDER_REJECTED);
        }
        return Future.succeededFuture(Replies.SENDER_OK);
    }

    @Override
    public Future<Reply> rcptTo(SessionInfo session, Command.Rcpt rcpt) {
        Reply r;
        String domain = rcpt.forwardPath().lowerCaseDomain();
        if (!LOCAL.contains(domain) && !domain.equals(session.config().hostname())) {
            r = Replies.RELAY_DENIED;
        } else if (rcpt.forwardPath().localPart().equals("unknown")) {
            r = Replies.UNKNOWN_USER;
        } else if (rcpt.forwardPath().localPart().equals("full")) {
            r = Replies.MAILBOX_FULL;
        } else {
            r = Replies.RECIPIENT_OK;
        }
        if (asyncRcpt) {
            Promise<Reply> p = Promise.promise();
            pendingRcpt.add(p);
            Reply answer = r;
            return p.future().map(ignored -> answer);
        }
        return Future.succeededFuture(r);
    }

    @Override
    public Future<MessageSink> data(SessionInfo session, Envelope envelope) {
        return Future.succeededFuture(new MessageSink() {
            private final Buffer body = Buffer.buffer();

            @Override
            public void chunk(Buffer data) {
                body.appendBuffer(data);
            }

            @Override
            public Future<Reply> end(DataReader.Result result) {
                messages.add(new Held(envelope, body.getBytes()));
                Reply queued = Replies.queued("Q" + messages.size());
                if (asyncEnd) {
                    Promise<Reply> p = Promise.promise();
                    pendingEnd.add(p);
                    return p.future().map(ignored -> queued);
                }
                return Future.succeededFuture(queued);
            }

            @Override
            public void abort(Reply reason) {
                aborted.add(reason);
            }
        });
    }

    @Override
    public Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        boolean ok;
        if (attempt instanceof AuthAttempt.Password p) {
            ok = p.username().equals("tim") && Arrays.equals(p.credentials().password(), PASSWORD);
        } else {
            AuthAttempt.CramMd5Digest d = (AuthAttempt.CramMd5Digest) attempt;
            ok = d.username().equals("tim") && d.matchesPassword(PASSWORD);
        }
        return Future.succeededFuture(ok ? AuthOutcome.success("tim") : AuthOutcome.invalidCredentials());
    }

    @Override
    public Future<Reply> etrn(SessionInfo session, Command.Etrn etrn) {
        String node = etrn.argument().display();
        etrnRequests.add(node);
        String domain = node.startsWith("@") ? node.substring(1) : node;
        return Future.succeededFuture(switch (domain) {
            case "example.net" -> Replies.etrnPendingCount(2, node);
            case "empty.example" -> Replies.etrnNoMessages(node);
            case "busy.example" -> Replies.etrnUnableToQueue(node);
            case "secure.example" -> session.authenticatedIdentity() == null ? Replies.ETRN_AUTH_REQUIRED
                    : Replies.etrnQueuingStarted(node);
            default -> Replies.etrnNodeNotAllowed(node, "not a gateway domain");
        });
    }

    @Override
    public Future<Reply> atrn(SessionInfo session, Command.Atrn atrn) {
        if (asyncAtrn) {
            Promise<Reply> p = Promise.promise();
            pendingAtrn.add(p);
            return p.future();
        }
        List<String> domains = atrn.domains().isEmpty() ? List.of("example.net", "example.org") : atrn.domains();
        if (domains.contains("busy.example")) {
            return Future.succeededFuture(Replies.ATRN_BUSY);
        }
        if (!LOCAL.containsAll(domains)) {
            return Future.succeededFuture(Replies.ATRN_REFUSED);
        }
        return Future.succeededFuture(domains.contains("example.net") ? Replies.ATRN_OK : Replies.ATRN_NO_MAIL);
    }

    @Override
    public void reversed(SessionInfo session, SessionTransport transport) {
        reversedTransport = transport;
    }

    @Override
    public void atrnAbandoned(SessionInfo session) {
        atrnAbandoned++;
    }

    @Override
    public void closed(SessionInfo session) {
        closed++;
    }
}
