/** Bearer-token protection of the admin API. */
package io.dequeue.config.auth;
