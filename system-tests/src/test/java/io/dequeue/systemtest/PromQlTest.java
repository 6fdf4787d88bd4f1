package io.dequeue.systemtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric-name extraction the dashboard and rules check relies on. */
class PromQlTest {
    @Test
    void functionsKeywordsMatchersRangesAndGroupingAreNotMetricNames() {
        assertThat(PromQl.metricNames("sum by (namespace, domain) (rate(dequeue_delivery_replies_total{class!=\"2xx\","
                + "namespace=~\"$namespace\"}[$__rate_interval])) / ignoring(class) group_left sum(rate(x_total[15m] offset 1h)) > 0.5"))
                .containsExactly("dequeue_delivery_replies_total", "x_total");
    }

    @Test
    void histogramsAndAggregationsAfterTheirArgument() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum(rate(http_server_requests_seconds_bucket[5m])) by (le))"
                + " + http_server_requests_seconds_count - 1e3 * on(pod) kube_pod_info"))
                .containsExactly("http_server_requests_seconds_bucket", "http_server_requests_seconds_count", "kube_pod_info");
    }

    @Test
    void labelValuesThatLookLikeNamesAreIgnored() {
        assertThat(PromQl.metricNames("max(a{rule=\"quota\", le='0.5'}) and b unless c or d == bool 1"))
                .containsExactly("a", "b", "c", "d");
    }
}
