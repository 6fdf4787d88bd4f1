/** Kafka adapters: the mail.released consumer with bounded in-flight work and commit-after-outcome, and the event producer. */
package io.dequeue.delivery.messaging;
