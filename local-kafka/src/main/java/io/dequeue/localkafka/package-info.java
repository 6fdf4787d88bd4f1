/** A real single-node KRaft Apache Kafka broker in-process, with the contract's topics, for tests and the local run. */
package io.dequeue.localkafka;
