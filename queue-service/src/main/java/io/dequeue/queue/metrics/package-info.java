/** The per-domain queue gauges, read from this instance's own stores. */
package io.dequeue.queue.metrics;
