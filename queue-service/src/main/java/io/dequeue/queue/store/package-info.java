/** The state stores of held mail: bodies, per-message state, index, deadlines, grants, release jobs. */
package io.dequeue.queue.store;
