/** RFC 5321 paths, mailboxes, domains and address literals, parsed and validated. */
package io.dequeue.smtp.address;
