/** Byte-level SMTP framing: command lines, DATA bodies with dot-unstuffing, outbound dot-stuffing. */
package io.dequeue.smtp.wire;
