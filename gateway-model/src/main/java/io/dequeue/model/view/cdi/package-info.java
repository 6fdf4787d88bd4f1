/** CDI adapters that give each Quarkus service the shared gateway view and its readiness check. */
package io.dequeue.model.view.cdi;
