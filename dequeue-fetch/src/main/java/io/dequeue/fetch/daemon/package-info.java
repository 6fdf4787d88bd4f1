/**
 * Daemon mode of dequeue-fetch ({@code dequeue-fetch daemon --config FILE}): several upstreams from
 * one YAML file, each pulled (ODMR) or triggered (ETRN) on its own interval with jitter, with
 * exponential backoff after failures, a clean stop on SIGTERM after the current message, one log
 * line per pull and optional Prometheus metrics over the JDK's HTTP server.
 */
package io.dequeue.fetch.daemon;
