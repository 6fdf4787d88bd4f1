/** Where queue-service reads a held message's body: {@code mail.accepted}, never a store of its own. */
package io.dequeue.queue.body;
