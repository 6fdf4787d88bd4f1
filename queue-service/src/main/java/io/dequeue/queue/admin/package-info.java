/** The admin REST API: what is held, and release, drop, bounce by hand. */
package io.dequeue.queue.admin;
