/** Dequeue requests at the door: ETRN on the SMTP port, and the access checks ETRN and ATRN share. */
package io.dequeue.edge.dequeue;
