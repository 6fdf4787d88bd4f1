package io.dequeue.fetch.daemon;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's whole configuration.
 *
 * @param metricsListen where the Prometheus endpoint listens ({@code host:port}), or null for none
 * @param stopGrace     how long SIGTERM waits for the pulls under way to finish their current message
 * @param upstreams     at least one, names unique
 */
public record DaemonConfig(InetSocketAddress metricsListen, Duration stopGrace, List<UpstreamConfig> upstreams) {
    public DaemonConfig {
        upstreams = List.copyOf(upstreams);
    }
}
