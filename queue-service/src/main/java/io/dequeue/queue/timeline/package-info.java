/**
 * "Where is message X": a bounded, restart-safe store of every message's timeline (what
 * {@code mail.accepted}, the queue's own steps and {@code mail.lifecycle} say about it), kept while it is held and
 * for a retention after it settles, and the admin API that answers from it on any instance.
 */
package io.dequeue.queue.timeline;
