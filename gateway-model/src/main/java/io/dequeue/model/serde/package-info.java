/** Kafka serdes, the JSON mapping and CloudEvents headers of the contract. */
package io.dequeue.model.serde;
