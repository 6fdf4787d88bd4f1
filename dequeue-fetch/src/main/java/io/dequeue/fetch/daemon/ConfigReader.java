package io.dequeue.fetch.daemon;

import io.dequeue.fetch.AuthMechanism;
import io.dequeue.fetch.HostPort;
import io.dequeue.fetch.UpstreamTls;
import io.dequeue.fetch.daemon.UpstreamConfig.Mode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the daemon's YAML configuration (documented in the module README). Everything
 * is checked before the daemon starts: unknown or repeated settings, settings of the other mode,
 * values of the wrong form, missing password files or variables, duplicate upstream names. Each
 * problem is a {@link ConfigException} naming file, line, column and setting.
 */
public final class ConfigReader {
    private static final Set<String> TOP = Set.of("upstreams", "metrics", "stop-grace");
    private static final Set<String> METRICS = Set.of("listen");
    private static final Set<String> SCHEDULE = Set.of("interval", "jitter", "backoff-initial", "backoff-max");
    private static final Set<String> COMMON = Set.of("name", "mode", "server", "tls", "ca-file", "pin-sha256", "user",
            "password-file", "password-env", "auth", "domains", "helo", "timeout");
    private static final Set<String> ODMR_ONLY = Set.of("deliver-to", "lmtp");
    private static final Set<String> ETRN_ONLY = Set.of("at");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile("@?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEX64 = Pattern.compile("[0-9A-Fa-f]{64}");

    private final Map<String, String> environment;

    /** @param environment where {@code password-env} variables are looked up ({@code System.getenv()}) */
    public ConfigReader(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Reads the file. */
    public DaemonConfig read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > YamlNode.MAX_CHARS) {
                throw new ConfigException(file + ": larger than " + YamlNode.MAX_CHARS + " bytes; not a configuration file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return read(file.toString(), new StringReader(text));
    }

    /** Reads YAML text; {@code name} is used in messages. */
    public DaemonConfig read(String name, Reader yaml) throws ConfigException {
        YamlNode root = YamlNode.root(name, yaml);
        Map<String, YamlNode> top = root.mapping(TOP);
        InetSocketAddress listen = null;
        if (top.containsKey("metrics")) {
            Map<String, YamlNode> metrics = top.get("metrics").mapping(METRICS);
            if (!metrics.containsKey("listen")) {
                throw top.get("metrics").error("'listen' (host:port of the Prometheus endpoint) is required");
            }
            HostPort hp = hostPort(metrics.get("listen"));
            listen = new InetSocketAddress(hp.host(), hp.port());
            if (listen.isUnresolved()) {
                throw metrics.get("listen").error("cannot resolve " + hp.host());
            }
        }
        Duration grace = top.containsKey("stop-grace") ? top.get("stop-grace").duration(Duration.ZERO) : Duration.ofSeconds(60);
        if (!top.containsKey("upstreams")) {
            throw root.error("'upstreams' is required: a list of at least one upstream");
        }
        List<YamlNode> items = top.get("upstreams").sequence();
        if (items.isEmpty()) {
            throw top.get("upstreams").error("the list is empty; at least one upstream is needed");
        }
        List<UpstreamConfig> upstreams = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items) {
            UpstreamConfig u = upstream(item);
            if (!names.add(u.name())) {
                throw item.error("the name '" + u.name() + "' is used by another upstream; names must be unique");
            }
            upstreams.add(u);
        }
        return new DaemonConfig(listen, grace, upstreams);
    }

    private UpstreamConfig upstream(YamlNode item) throws ConfigException {
        Set<String> all = new HashSet<>(COMMON);
        all.addAll(SCHEDULE);
        all.addAll(ODMR_ONLY);
        all.addAll(ETRN_ONLY);
        Map<String, YamlNode> s = item.mapping(all);
        String name = required(item, s, "name").text();
        if (!NAME.matcher(name).matches()) {
            throw s.get("name").error("'" + name + "' is not a name (letters, digits, '.', '_', '-'; at most 64)");
        }
        Mode mode = Mode.valueOf(required(item, s, "mode").choice("odmr", "etrn").toUpperCase(java.util.Locale.ROOT));
        for (String key : mode == Mode.ODMR ? ETRN_ONLY : ODMR_ONLY) {
            if (s.containsKey(key)) {
                throw s.get(key).error("only for mode " + (mode == Mode.ODMR ? "etrn" : "odmr"));
            }
        }
        HostPort server = hostPort(required(item, s, "server"));
        UpstreamTls tls = s.containsKey("tls") ? UpstreamTls.parse(s.get("tls").choice("starttls", "implicit", "none")) : null;
        Path caFile = s.containsKey("ca-file") ? readableFile(s.get("ca-file")) : null;
        String pin = null;
        if (s.containsKey("pin-sha256")) {
            pin = s.get("pin-sha256").text().replace(":", "");
            if (!HEX64.matcher(pin).matches()) {
                throw s.get("pin-sha256").error("not a SHA-256 in hex (64 hex digits, colons allowed)");
            }
        }
        String user = s.containsKey("user") ? s.get("user").text() : null;
        PasswordSource password = password(item, s);
        if (mode == Mode.ODMR && user == null) {
            throw item.error("'user' is required for mode odmr (the login of the ODMR server)");
        }
        if ((user == null) != (password == null)) {
            throw item.error(user == null ? "a password is given without 'user'"
                    : "'user' needs a password: password-file or password-env");
        }
        AuthMechanism auth = s.containsKey("auth") ? AuthMechanism.parse(s.get("auth").choice("cram-md5", "plain", "login")) : null;
        if (auth != null && user == null) {
            throw s.get("auth").error("'auth' needs 'user' and a password");
        }
        List<String> domains = s.containsKey("domains") ? domains(s.get("domains")) : List.of();
        if (mode == Mode.ETRN && domains.isEmpty()) {
            throw item.error("'domains' is required for mode etrn (the domains to start the queue for)");
        }
        HostPort deliverTo = null;
        if (mode == Mode.ODMR) {
            deliverTo = hostPort(required(item, s, "deliver-to"));
        }
        boolean lmtp = s.containsKey("lmtp") && s.get("lmtp").bool();
        String helo = s.containsKey("helo") ? s.get("helo").text() : null;
        Duration timeout = s.containsKey("timeout") ? s.get("timeout").duration(Duration.ofSeconds(1)) : null;
        boolean at = s.containsKey("at") && s.get("at").bool();
        return new UpstreamConfig(name, mode, server, tls, caFile, pin, user, password, auth, domains, deliverTo, lmtp,
                helo, timeout, at, schedule(s));
    }

    private static ScheduleSettings schedule(Map<String, YamlNode> s) throws ConfigException {
        ScheduleSettings d = ScheduleSettings.DEFAULTS;
        Duration interval = s.containsKey("interval") ? s.get("interval").duration(Duration.ofSeconds(1)) : d.interval();
        Duration jitter = s.containsKey("jitter") ? s.get("jitter").duration(Duration.ZERO) : d.jitter();
        Duration initial = s.containsKey("backoff-initial") ? s.get("backoff-initial").duration(Duration.ofSeconds(1))
                : d.backoffInitial();
        Duration max = s.containsKey("backoff-max") ? s.get("backoff-max").duration(Duration.ofSeconds(1)) : d.backoffMax();
        if (max.compareTo(initial) < 0) {
            YamlNode at = s.containsKey("backoff-max") ? s.get("backoff-max") : s.get("backoff-initial");
            throw at.error("backoff-max (" + Durations.format(max) + ") is shorter than backoff-initial ("
                    + Durations.format(initial) + ")");
        }
        return new ScheduleSettings(interval, jitter, initial, max);
    }

    private PasswordSource password(YamlNode item, Map<String, YamlNode> s) throws ConfigException {
        YamlNode file = s.get("password-file");
        YamlNode env = s.get("password-env");
        if (file != null && env != null) {
            throw env.error("give password-file or password-env, not both");
        }
        if (file != null) {
            return PasswordSource.ofFile(readableFile(file));
        }
        if (env != null) {
            String var = env.text();
            if (!ENV_NAME.matcher(var).matches()) {
                throw env.error("'" + var + "' is not the name of an environment variable (the password itself does"
                        + " not belong here)");
            }
            String value = environment.get(var);
            if (value == null || value.isEmpty()) {
                throw env.error("environment variable " + var + " is not set or empty");
            }
            return PasswordSource.ofEnv(var);
        }
        return null;
    }

    private static Path readableFile(YamlNode node) throws ConfigException {
        Path p = Path.of(node.text());
        if (!Files.isRegularFile(p)) {
            throw node.error("no such file: " + p);
        }
        if (!Files.isReadable(p)) {
            throw node.error("cannot read " + p + " (permissions)");
        }
        return p;
    }

    private static List<String> domains(YamlNode node) throws ConfigException {
        List<String> out = node.texts();
        for (String d : out) {
            if (d.length() > 255 || !DOMAIN.matcher(d).matches()) {
                throw node.error("'" + d + "' is not a domain name");
            }
        }
        return out;
    }

    private static HostPort hostPort(YamlNode node) throws ConfigException {
        String v = node.text();
        try {
            return HostPort.parse(v);
        } catch (IllegalArgumentException e) {
            throw node.error("'" + v + "' is not host:port (e.g. mail.example.net:366 or [2001:db8::1]:25): " + e.getMessage());
        }
    }

    private static YamlNode required(YamlNode parent, Map<String, YamlNode> s, String key) throws ConfigException {
        YamlNode n = s.get(key);
        if (n == null) {
            throw parent.error("'" + key + "' is required");
        }
        return n;
    }
}
