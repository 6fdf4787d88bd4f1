package io.dequeue.fetch.daemon;

import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;

/** Runs one pull of an upstream; never throws (a failure is a result with its exit status). */
interface PullRunner {
    PullResult run(UpstreamConfig upstream, StopSignal stop);
}
