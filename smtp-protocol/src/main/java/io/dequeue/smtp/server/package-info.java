/** The SMTP/ODMR server session state machine, its policy SPI and its transports (Vert.x NetSocket, in-memory). */
package io.dequeue.smtp.server;
