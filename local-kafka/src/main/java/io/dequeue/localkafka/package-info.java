/**
 * A real KRaft Apache Kafka on 127.0.0.1 with the contract's topics, for tests and the local run: one
 * node in-process ({@link io.dequeue.localkafka.EmbeddedKafka}) or a cluster of node JVMs
 * ({@link io.dequeue.localkafka.LocalCluster}).
 */
package io.dequeue.localkafka;
