/** The event records of the contract and their CloudEvents types. */
package io.dequeue.model.event;
