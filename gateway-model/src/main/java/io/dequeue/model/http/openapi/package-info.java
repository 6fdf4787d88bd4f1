/**
 * The parts of the admin APIs' OpenAPI documents that both services share: the bearer security
 * scheme, and the problem answers every operation can give.
 */
package io.dequeue.model.http.openapi;
