/** SMTP replies: the immutable Reply type, the one catalogue of replies the gateway sends, and a client-side reply parser. */
package io.dequeue.smtp.reply;
