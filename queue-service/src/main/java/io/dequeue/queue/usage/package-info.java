/** Per-domain usage counters and their throttled publication on queue.usage. */
package io.dequeue.queue.usage;
