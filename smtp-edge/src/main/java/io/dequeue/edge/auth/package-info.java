/** AUTH for both listeners: gateway credentials, per-IP failure throttling, dequeue authorisation. */
package io.dequeue.edge.auth;
