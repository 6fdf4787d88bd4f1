/**
 * The Kafka client settings every hand-built client of every service shares: the cluster's
 * address and its security (TLS, SASL), read once from the {@code kafka.*} configuration.
 */
package io.dequeue.model.kafka;
