/** Reading, validating and writing gateway definitions; the topic is the store, the GatewayDirectory the view. */
package io.dequeue.config.service;
