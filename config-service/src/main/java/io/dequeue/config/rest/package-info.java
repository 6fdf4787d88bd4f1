/** The admin REST API over gateways: JSON in, JSON out, RFC 9457 problems for every error. */
package io.dequeue.config.rest;
