/** Outbound SMTP connections: resolves a target and opens a ready client session to one of its hosts. */
package io.dequeue.delivery.transport;
