/** SASL for SMTP AUTH (RFC 4954): base64, PLAIN, LOGIN and CRAM-MD5, server and client side. */
package io.dequeue.smtp.sasl;
