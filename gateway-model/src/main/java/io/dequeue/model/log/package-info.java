/**
 * Structured log fields shared by the services: the session id, queue id and domain a log line is
 * about, as MDC entries that the optional JSON console log ({@code DEQUEUE_LOG_JSON=true}) writes as
 * fields.
 */
package io.dequeue.model.log;
