/**
 * The sessions behind a {@link io.dequeue.fetch.Pull}: the upstream client (TLS, SASL), the ATRN
 * and ETRN pulls, the reversed session that relays into the local mail server, and the blocking
 * socket wrapper they share. Protocol pieces (reply parser, line framer, SASL) come from
 * smtp-protocol.
 */
package io.dequeue.fetch.session;
