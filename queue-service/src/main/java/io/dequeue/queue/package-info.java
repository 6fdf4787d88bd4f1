/** queue-service: the held mail of each domain on Kafka Streams, with its Quarkus wiring. */
package io.dequeue.queue;
