package io.dequeue.edge.odmr;

import io.dequeue.edge.auth.GatewayAuthenticator;
import io.dequeue.edge.dequeue.ClientAddress;
import io.dequeue.edge.dequeue.DequeueAudit;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.server.SessionPolicy;
import io.dequeue.smtp.server.SessionTransport;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions of one ODMR session before the turn: AUTH against the gateways, ATRN's access
 * checks and grants; after {@code 250} the socket goes to the {@link ReversedSession}.
 */
final class OdmrSessionPolicy implements SessionPolicy {
    private static final Logger LOG = Logger.getLogger(OdmrSessionPolicy.class);

    private final GatewayAuthenticator authenticator;
    private final GatewayDirectory directory;
    private final AtrnRequester requester;
    private final DequeueAudit audit;
    private final Reversal reversal;
    private final Runnable connectionDone;
    private volatile AtrnSession granted;

    /** Starts the reversed session on a handed-over transport. */
    @FunctionalInterface
    interface Reversal {
        /** @param connectionDone to run once when the socket is closed */
        void start(SessionInfo session, SessionTransport transport, AtrnSession atrn, Runnable connectionDone);
    }

    OdmrSessionPolicy(GatewayAuthenticator authenticator, GatewayDirectory directory, AtrnRequester requester,
                      DequeueAudit audit, Reversal reversal, Runnable connectionDone) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.requester = requester;
        this.audit = audit;
        this.reversal = reversal;
        this.connectionDone = connectionDone;
    }

    @Override
    public Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        return authenticator.authenticate(session, attempt);
    }

    @Override
    public Future<Reply> atrn(SessionInfo session, Command.Atrn atrn) {
        String identity = session.authenticatedIdentity();
        if (identity == null || !DomainName.isValid(identity)) {
            return Future.succeededFuture(Replies.ATRN_AUTH_REQUIRED);
        }
        DomainName login = DomainName.parse(identity);
        String client = ClientAddress.text(session.remoteAddress());
        AtrnScope scope = AtrnScope.resolve(atrn.domains(), login, ClientAddress.inet(session.remoteAddress()),
                directory.domainsDequeuableBy(login), directory::find);
        if (scope instanceof AtrnScope.Refused refused) {
            LOG.infof("ODMR session %s: ATRN by %s from %s refused (%s: %s)", session.id(), login, client,
                    refused.domain() == null ? "-" : refused.domain(), refused.reason().wireName());
            if (refused.domain() != null && directory.find(refused.domain()).isPresent()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("login", login.value());
                details.put("clientAddress", client);
                details.put("odmrSession", session.id());
                details.put("result", "denied");
                details.put("reason", refused.reason().wireName());
                audit.publish(LifecycleEvent.Type.ATRN, refused.domain(), null, details);
            }
            return Future.succeededFuture(Replies.ATRN_REFUSED);
        }
        return requester.ask(session.id(), login, client, ((AtrnScope.Domains) scope).domains()).map(asked -> {
            if (asked.decision().reverses()) {
                granted = asked.session();
            }
            return asked.decision().reply();
        });
    }

    @Override
    public void reversed(SessionInfo session, SessionTransport transport) {
        AtrnSession atrn = granted;
        granted = null;
        if (atrn == null) {
            transport.close();
            connectionDone.run();
            return;
        }
        reversal.start(session, transport, atrn, connectionDone);
    }

    @Override
    public void atrnAbandoned(SessionInfo session) {
        AtrnSession atrn = granted;
        granted = null;
        if (atrn != null) {
            LOG.infof("ODMR session %s: client talked past ATRN; grants given back", session.id());
            atrn.end();
        }
    }

    @Override
    public void closed(SessionInfo session) {
        // Not called after a reversal: the reversed session ends the connection then.
        AtrnSession atrn = granted;
        granted = null;
        if (atrn != null) {
            atrn.end();
        }
        connectionDone.run();
    }
}
