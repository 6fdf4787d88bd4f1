/** Listener plumbing shared by the SMTP and ODMR ports: TLS material, the PROXY protocol, connection limits. */
package io.dequeue.edge.net;
