/** RFC 3464 delivery status notifications made by the gateway. */
package io.dequeue.queue.dsn;
