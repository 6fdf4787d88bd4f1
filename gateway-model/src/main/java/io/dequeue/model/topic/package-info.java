/** The topics of the event contract: names, partition counts, topic configuration. */
package io.dequeue.model.topic;
