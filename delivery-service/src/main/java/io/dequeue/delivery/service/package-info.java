/** One released message in, one outcome out: lease check, delivery through the pool, outcome, lifecycle events, metrics. */
package io.dequeue.delivery.service;
