/** Typed settings of delivery-service ({@code dequeue.delivery.*}). */
package io.dequeue.delivery.config;
