/** Outbound SMTP delivery of released mail. */
package io.dequeue.delivery;
