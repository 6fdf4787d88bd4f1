/** AUTH for both listeners: gateway credentials, failure limits per login and per client address, dequeue authorisation. */
package io.dequeue.edge.auth;
