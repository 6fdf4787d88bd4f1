/** Admission rules at the door, as small composable checks with typed verdicts: relay, recipients, quota, size. */
package io.dequeue.edge.policy;
