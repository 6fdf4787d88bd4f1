/** The edge's Kafka adapters: producer, its reply partition (and the re-reader of released messages kept as offsets), the usage view. */
package io.dequeue.edge.kafka;
