/** The edge's Kafka adapters: producer, its reply partition, the usage view. */
package io.dequeue.edge.kafka;
