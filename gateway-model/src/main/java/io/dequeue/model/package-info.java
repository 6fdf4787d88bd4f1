/** Value types of the contract: domain names, IP networks, envelopes. */
package io.dequeue.model;
