/** Where a release goes: DNS behind a small Resolver interface (dnsjava, in-memory) and the MX / A / AAAA rules on top. */
package io.dequeue.delivery.dns;
