/**
 * dequeue-fetch: the customer-side ODMR (RFC 2645) and ETRN (RFC 1985) client. The command line
 * ({@link io.dequeue.fetch.DequeueFetch}) and the daemon both build a {@link io.dequeue.fetch.Pull}
 * from an options record and map its {@link io.dequeue.fetch.PullResult} to an
 * {@link io.dequeue.fetch.ExitStatus}.
 */
package io.dequeue.fetch;
