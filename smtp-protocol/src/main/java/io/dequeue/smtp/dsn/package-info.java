/** Delivery Status Notification parameters (RFC 3461): NOTIFY, RET, ENVID, ORCPT and xtext. */
package io.dequeue.smtp.dsn;
