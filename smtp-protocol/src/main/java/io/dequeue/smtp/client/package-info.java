/** SMTP client side: one session on a Vert.x socket, outbound (delivery-service) or reversed after ATRN (smtp-edge). */
package io.dequeue.smtp.client;
