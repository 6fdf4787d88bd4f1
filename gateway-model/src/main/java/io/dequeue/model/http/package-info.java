/**
 * What the admin APIs of config-service and queue-service share: the bearer-token filter and RFC 9457
 * problem responses ({@code application/problem+json}) for every error, with their JAX-RS providers.
 * The classes need JAX-RS, which only these services have (Quarkus REST); the other services never
 * load them.
 */
package io.dequeue.model.http;
