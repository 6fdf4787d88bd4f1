/** The CDI adapter that gives each Quarkus service its shared {@code kafka.*} client settings. */
package io.dequeue.model.kafka.cdi;
