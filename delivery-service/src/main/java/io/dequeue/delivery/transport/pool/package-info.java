/** A bounded pool of SMTP connections per target: few connections, many messages each, closed when idle. */
package io.dequeue.delivery.transport.pool;
