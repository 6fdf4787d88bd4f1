/** Typed configuration of the edge. */
package io.dequeue.edge.config;
