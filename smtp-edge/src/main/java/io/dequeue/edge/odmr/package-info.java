/** The ODMR listeners (RFC 2645): AUTH, ATRN, and the reversed SMTP session on the same socket. */
package io.dequeue.edge.odmr;
