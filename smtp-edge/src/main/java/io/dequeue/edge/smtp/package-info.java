/** The SMTP listener (mail in, ETRN): sessions with the edge's policy, message buffering, the Received: line, metrics. */
package io.dequeue.edge.smtp;
