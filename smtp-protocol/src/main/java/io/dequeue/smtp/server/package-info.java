/**
 * The SMTP/ODMR server session ({@link io.dequeue.smtp.server.SmtpServerSession}): its sealed
 * {@code Phase} state, one handler per verb, output backpressure and limits; its policy SPI and
 * its transports (Vert.x NetSocket, in-memory).
 */
package io.dequeue.smtp.server;
