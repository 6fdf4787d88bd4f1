package io.dequeue.smtp.server;

/** Where a server session stands. */
public enum State {
    /** Connected, greeting not sent yet (a client that talks now is dropped). */
    CONNECTED,
    /** Greeting sent; no EHLO/HELO yet (or forgotten after STARTTLS). */
    GREETED,
    /** EHLO/HELO done, no mail transaction open. */
    READY,
    /** MAIL accepted, no recipient yet. */
    MAIL,
    /** At least one RCPT accepted. */
    RCPT,
    /** Reading the message body after 354. */
    DATA,
    /** Inside a SASL exchange: the next line is a response to a 334. */
    AUTH_CHALLENGE,
    /** 220 to STARTTLS sent, TLS handshake running; input is discarded. */
    TLS_HANDSHAKE,
    /** ATRN granted: the socket was handed over to the reversed (client) session. */
    REVERSED,
    /** Closed, or QUIT received; further input is ignored. */
    CLOSED
}
