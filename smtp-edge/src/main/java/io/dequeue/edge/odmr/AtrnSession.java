package io.dequeue.edge.odmr;

import io.dequeue.model.DomainName;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One ATRN that queue-service answered: the session id its requests named, the grants, and the
 * inbox its messages arrive in. {@link #end} gives the grants back exactly once.
 */
final class AtrnSession {
    private final String sessionId;
    private final DomainName login;
    private final String clientAddress;
    private final List<AtrnGrant> grants;
    private final AtrnInbox inbox;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Consumer<AtrnSession> ender;

    /**
     * @param sessionId the id named in the requests and carried by every released message
     * @param login the authenticated login
     * @param clientAddress the client's real address
     * @param grants the granted domains
     * @param inbox the released messages
     * @param ender gives the grants back (once)
     */
    AtrnSession(String sessionId, DomainName login, String clientAddress, List<AtrnGrant> grants, AtrnInbox inbox,
                Consumer<AtrnSession> ender) {
        this.sessionId = Objects.requireNonNull(sessionId);
        this.login = Objects.requireNonNull(login);
        this.clientAddress = clientAddress;
        this.grants = List.copyOf(grants);
        this.inbox = Objects.requireNonNull(inbox);
        this.ender = Objects.requireNonNull(ender);
    }

    String sessionId() {
        return sessionId;
    }

    DomainName login() {
        return login;
    }

    String clientAddress() {
        return clientAddress;
    }

    List<AtrnGrant> grants() {
        return grants;
    }

    AtrnInbox inbox() {
        return inbox;
    }

    /** The grant a message belongs to, by its release id, or null for a stale or foreign one. */
    AtrnGrant grantOf(String releaseId) {
        for (AtrnGrant g : grants) {
            if (g.releaseId().equals(releaseId)) {
                return g;
            }
        }
        return null;
    }

    int announcedMessages() {
        return grants.stream().mapToInt(AtrnGrant::messages).sum();
    }

    /** Ends every grant (the unsettled mail returns to HELD) and drops what is still in the inbox. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            ender.accept(this);
        }
    }
}
