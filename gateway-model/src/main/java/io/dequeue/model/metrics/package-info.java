/** Which of the Kafka clients' own metrics the services export (plain Java; each service applies it as a meter filter). */
package io.dequeue.model.metrics;
