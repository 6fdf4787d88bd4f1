/** The Kafka Streams topology (Processor API) that moves held mail between its states. */
package io.dequeue.queue.topology;
