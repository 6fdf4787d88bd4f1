package io.dequeue.smtp.server;

import io.vertx.core.net.SocketAddress;

import java.util.Map;

/** A read-only view of a server session, handed to every {@link SessionPolicy} call. */
public interface SessionInfo {

    /** Unique per process, for logs and events. */
    String id();

    ServerConfig config();

    State state();

    /** The client (as the transport reports it; PROXY-aware transports give the real client). */
    SocketAddress remoteAddress();

    SocketAddress localAddress();

    boolean isTls();

    /** The validated, lower-cased EHLO/HELO argument, or null before EHLO/HELO. */
    String heloDomain();

    /** True after EHLO (ESMTP), false after HELO. */
    boolean isExtended();

    /** The identity a successful AUTH established, or null. */
    String authenticatedIdentity();

    /** The open mail transaction, or null. */
    Envelope envelope();

    /** ETRN commands seen in this session (for throttling). */
    int etrnCount();

    /** Free-form per-session storage for the application. */
    Map<String, Object> attributes();
}
