/**
 * Message bodies are written to Kafka once, in {@code mail.accepted}: this package reads them back
 * by (partition, offset), one at a time, with bounded memory.
 */
package io.dequeue.model.body;
