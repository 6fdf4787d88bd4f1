/** Verification of an SMTP peer's certificate for verified STARTTLS: chain trust and host name (or IP) identity. */
package io.dequeue.smtp.client.tls;
