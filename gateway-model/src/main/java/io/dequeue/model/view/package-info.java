/** A read-only local view of all gateways, kept up to date from gateway.config. */
package io.dequeue.model.view;
