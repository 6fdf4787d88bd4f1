/** The SMTP and ODMR listeners. */
package io.dequeue.edge;
