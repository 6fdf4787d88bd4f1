/** Dialogue scripts (C:/S: text files) and a runner that plays them against an SMTP server, in-process or over TCP. */
package io.dequeue.smtp.script;
