package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus alert rules of the Helm chart read only metrics the
 * services really expose: the system runs with some traffic (mail held, an ETRN, a delivery), each
 * service's management port is scraped, and every metric name of the dashboard's queries and the
 * rules' expressions must be among the sample names served.
 */
class MetricsCatalogTest {
    private static final Path FILES = LocalRun.repositoryRoot().resolve("k8s/charts/dequeue/files");
    private static final List<String> MANAGEMENT_PORTS = List.of("CONFIG_MANAGEMENT_PORT", "QUEUE_MANAGEMENT_PORT",
            "DELIVERY_MANAGEMENT_PORT", "EDGE_MANAGEMENT_PORT");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static DequeueSystem system;
    private static final String HELD = "metrics-held.catalog.test";

    @BeforeAll
    static void start() throws Exception {
        Etrn.requirePeers();
        system = DequeueSystem.get();
        // One message stays held (the per-domain gauges), one is released by ETRN and delivered.
        system.putGateway(HELD, Etrn.gateway(false, Etrn.host("127.0.0.1"), LocalRun.freePort(), null, null));
        MailIn.send(system.smtpPort(), "ann@from.catalog.test", List.of("bob@" + HELD),
                MailIn.message("ann@from.catalog.test", "bob@" + HELD, "held", "stays"));
        String delivered = "metrics-delivered.catalog.test";
        int port = LocalRun.freePort();
        system.putGateway(delivered, Etrn.gateway(false, Etrn.host("127.0.0.1"), port, null, null));
        MailIn.send(system.smtpPort(), "ann@from.catalog.test", List.of("carl@" + delivered),
                MailIn.message("ann@from.catalog.test", "carl@" + delivered, "delivered", "arrives"));
        assertThat(system.awaitHeld(delivered, 1, Duration.ofSeconds(30))).isEqualTo(1);
        try (SmtpSink sink = SmtpSink.start(port)) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + delivered, null, null)).startsWith("253 ");
            assertThat(Etrn.afterRelease(system, delivered, sink, Duration.ofSeconds(60))).hasSize(1);
        }
        assertThat(system.awaitHeld(HELD, 1, Duration.ofSeconds(30))).isEqualTo(1);
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertRulesIsServed() throws Exception {
        // queue-service reads its gauges from its stores every 10 s.
        await().atMost(Duration.ofSeconds(60)).until(() -> scrape("QUEUE_MANAGEMENT_PORT")
                .contains("dequeue_queue_held_messages{domain=\"" + HELD + "\"} 1.0"));
        Set<String> served = new TreeSet<>();
        for (String port : MANAGEMENT_PORTS) {
            served.addAll(sampleNames(scrape(port)));
        }
        Map<String, Set<String>> used = new TreeMap<>();
        dashboardQueries().forEach(q -> used.put("dashboard: " + q, PromQl.metricNames(q)));
        ruleExpressions().forEach(e -> used.put("rule: " + e, PromQl.metricNames(e)));
        assertThat(used).hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        used.forEach((where, names) -> {
            assertThat(names).as(where).isNotEmpty();
            names.stream().filter(n -> !served.contains(n)).forEach(n -> missing.add(n + " (" + where + ")"));
        });
        assertThat(missing).as("metrics used but not served by any service").isEmpty();
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() throws Exception {
        for (String name : List.of("CONFIG", "QUEUE", "DELIVERY", "EDGE")) {
            assertThat(get(system.run.port(name + "_MANAGEMENT_PORT"), "/q/health/ready").statusCode()).as(name)
                    .isEqualTo(200);
            HttpResponse<String> onApiPort = get(system.run.port(name + "_HTTP_PORT"), "/q/metrics");
            assertThat(onApiPort.statusCode()).as(name).isIn(401, 404);
            assertThat(onApiPort.body()).as(name).doesNotContain("jvm_memory_used_bytes");
        }
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode d = new ObjectMapper().readTree(Files.readString(FILES.resolve("grafana-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : d.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                queries.add(t.path("expr").asText());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\(([^,{)]+)");
        for (JsonNode v : d.path("templating").path("list")) {
            Matcher m = labelValues.matcher(v.path("definition").asText());
            if (m.find()) {
                queries.add(m.group(1).trim());
            }
        }
        return queries;
    }

    /** The expressions of the rules file: {@code expr:} and its more indented continuation lines. */
    static List<String> ruleExpressions() throws IOException {
        List<String> lines = Files.readAllLines(FILES.resolve("prometheus-rules.yaml"));
        List<String> exprs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("expr:");
            if (at < 0 || !line.substring(0, at).isBlank()) {
                continue;
            }
            StringBuilder e = new StringBuilder(line.substring(at + 5).replace("|", " "));
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > at)) {
                e.append(' ').append(lines.get(++i).trim());
            }
            exprs.add(e.toString().trim());
        }
        return exprs;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** Every sample name of a Prometheus text exposition (suffixes such as _total, _bucket, _count as served). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    private static String scrape(String portName) throws Exception {
        HttpResponse<String> r = get(system.run.port(portName), "/q/metrics");
        assertThat(r.statusCode()).as(portName).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
