/** config-service: gateway definitions and credentials, kept in the compacted gateway.config topic. */
package io.dequeue.config;
