/** Stored credentials: PBKDF2 hashes and CRAM-MD5 pad states, never clear passwords. */
package io.dequeue.model.credential;
