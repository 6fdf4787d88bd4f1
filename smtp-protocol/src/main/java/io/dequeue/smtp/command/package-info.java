/** Pure parsing of one framed SMTP command line into a typed, sealed Command. */
package io.dequeue.smtp.command;
