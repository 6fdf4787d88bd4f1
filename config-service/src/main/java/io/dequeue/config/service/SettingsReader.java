package io.dequeue.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.model.Cidr;
import io.dequeue.model.DomainName;
import io.dequeue.model.InvalidDomainNameException;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.AtrnSettings;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.settings.OutboundTls;
import io.dequeue.model.settings.Quotas;
import io.dequeue.model.settings.RecipientVerification;
import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the JSON (or YAML) form of a gateway into {@link GatewaySettings} and a
 * {@link PasswordChange}, checking every field and reporting every invalid one with its path.
 *
 * <p>The shape is the REST body and one entry of the import file:
 * {@code etrn{enabled,requireAuth,deliverTo{mode,host},treatLocalAsUnknown,port}},
 * {@code atrn{enabled,singleSession}}, {@code access{honor[],ignore[],authenticatedFromAnyIp}},
 * {@code quotas{maxMessages,maxBytes}}, {@code maxMessageSize}, {@code maxHoldTime},
 * {@code delayWarningAfter}, {@code recipientVerification{validLocalParts[]}}, {@code outboundTls},
 * {@code authorizedLogins[]}, {@code cramMd5}, and the write-only {@code password}. An absent or
 * null setting takes its default.
 */
public final class SettingsReader {
    /** The longest password accepted (AUTH PLAIN carries it in one line). */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    static final Set<String> TOP = Set.of("domain", "etrn", "atrn", "access", "quotas", "maxMessageSize",
            "maxHoldTime", "delayWarningAfter", "recipientVerification", "outboundTls", "authorizedLogins",
            "cramMd5", "password");
    /** What responses show besides the settings; a client may send a response back as it got it. */
    static final Set<String> READ_ONLY = Set.of("version", "managedBy", "updatedAt", "passwordSet");
    private static final Set<String> ETRN = Set.of("enabled", "requireAuth", "deliverTo", "treatLocalAsUnknown", "port");
    private static final Set<String> DELIVER_TO = Set.of("mode", "host");
    private static final Set<String> ATRN = Set.of("enabled", "singleSession");
    private static final Set<String> ACCESS = Set.of("honor", "ignore", "authenticatedFromAnyIp");
    private static final Set<String> QUOTAS = Set.of("maxMessages", "maxBytes");
    private static final Set<String> VERIFICATION = Set.of("validLocalParts");

    /** Where the JSON comes from: the API tolerates the read-only fields of its own responses. */
    public enum Origin { API, FILE }

    /** What was read: the settings and the password change, or the errors (then both are null). */
    public record Result(GatewaySettings settings, PasswordChange password, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final List<FieldError> errors = new ArrayList<>();
    private final FieldReader r = new FieldReader(errors);
    private final String prefix;

    private SettingsReader(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Reads a REST body for the gateway named in the path; a {@code domain} in the body must name
     * the same gateway.
     */
    public static Result fromApi(JsonNode body, DomainName pathDomain) {
        return new SettingsReader("").read(body, pathDomain, Origin.API);
    }

    /** Reads one gateway of the import file, whose {@code domain} is required; {@code at} is its path. */
    public static Result fromFile(JsonNode entry, String at) {
        return new SettingsReader(at).read(entry, null, Origin.FILE);
    }

    private Result read(JsonNode node, DomainName expected, Origin origin) {
        String at = prefix.isEmpty() ? "body" : prefix;
        if (node == null || !node.isObject()) {
            r.error(at, "must be an object" + (node == null ? "" : ", not " + FieldReader.describe(node)));
            return failed();
        }
        ObjectNode o = r.object(node, prefix, TOP, origin == Origin.API ? READ_ONLY : Set.of());

        DomainName domain = readDomain(o, expected);
        EtrnSettings etrn = readEtrn(o.get("etrn"), p("etrn"));
        AtrnSettings atrn = readAtrn(o.get("atrn"), p("atrn"));
        AccessSettings access = readAccess(o.get("access"), p("access"));
        Quotas quotas = readQuotas(o.get("quotas"), p("quotas"));
        Long maxMessageSize = r.integer(o, "maxMessageSize", prefix, 0, Topics.MAX_MESSAGE_SIZE_LIMIT,
                "0 (the global limit) to " + Topics.MAX_MESSAGE_SIZE_LIMIT + " bytes");
        Duration maxHoldTime = r.duration(o, "maxHoldTime", prefix);
        if (maxHoldTime != null && maxHoldTime.compareTo(Topics.MAX_HOLD_TIME_LIMIT) > 0) {
            // Held mail's bodies stay in mail.accepted, whose retention is derived from this limit.
            r.error(p("maxHoldTime"), "must be at most " + Topics.MAX_HOLD_TIME_LIMIT.toDays() + " days ("
                    + Topics.MAX_HOLD_TIME_LIMIT + "): held mail stays in mail.accepted, kept for "
                    + Topics.ACCEPTED_RETENTION.toDays() + " days");
        }
        Duration delayWarningAfter = r.duration(o, "delayWarningAfter", prefix);
        Duration hold = maxHoldTime == null ? GatewaySettings.DEFAULT_MAX_HOLD_TIME : maxHoldTime;
        if (delayWarningAfter != null && delayWarningAfter.compareTo(hold) >= 0) {
            r.error(p("delayWarningAfter"), "must be shorter than maxHoldTime (" + hold + ")");
        }
        RecipientVerification verification = readVerification(o.get("recipientVerification"), p("recipientVerification"));
        OutboundTls tls = readTls(o);
        List<DomainName> logins = r.list(o, "authorizedLogins", prefix, this::login);
        Boolean cramMd5 = r.bool(o, "cramMd5", prefix);
        PasswordChange password = readPassword(o, domain);

        if (!errors.isEmpty()) {
            return failed();
        }
        GatewaySettings settings = build(prefix.isEmpty() ? "body" : prefix, () -> new GatewaySettings(domain, etrn, atrn,
                access, quotas, maxMessageSize, maxHoldTime, delayWarningAfter, verification, tls, logins, cramMd5));
        if (settings == null) {
            return failed();
        }
        if (openRelease(settings)) {
            r.error(p("etrn"), "requireAuth false with deliverTo 'requester-ip' lets anyone have this domain's mail "
                    + "sent to any address: require AUTH, deliver to a configured host, or restrict access.honor");
            return failed();
        }
        return new Result(settings, password, List.of());
    }

    /** ETRN without AUTH that delivers to whoever asks, from anywhere: anyone could make the mail go anywhere. */
    static boolean openRelease(GatewaySettings s) {
        return s.etrn().enabled() && !s.etrn().requireAuth() && s.etrn().deliverTo().mode() == DeliverTo.Mode.REQUESTER_IP
                && s.access().honor().isEmpty();
    }

    private Result failed() {
        return new Result(null, null, List.copyOf(errors));
    }

    private String p(String name) {
        return FieldReader.path(prefix, name);
    }

    private DomainName readDomain(ObjectNode o, DomainName expected) {
        String text = r.text(o, "domain", prefix);
        if (text == null) {
            if (expected == null && FieldReader.absent(o.get("domain"))) {
                r.error(p("domain"), "is required");
            }
            return expected;
        }
        DomainName d;
        try {
            d = DomainName.parse(text);
        } catch (InvalidDomainNameException e) {
            r.error(p("domain"), e.reason());
            return expected;
        }
        if (expected != null && !expected.equals(d)) {
            r.error(p("domain"), "does not match the gateway in the path (" + expected.value() + ")");
            return expected;
        }
        return d;
    }

    private EtrnSettings readEtrn(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, ETRN, Set.of());
        if (o == null) {
            return null;
        }
        int before = r.errorCount();
        Boolean enabled = r.bool(o, "enabled", at);
        Boolean requireAuth = r.bool(o, "requireAuth", at);
        DeliverTo deliverTo = readDeliverTo(o.get("deliverTo"), FieldReader.path(at, "deliverTo"));
        Boolean treatLocalAsUnknown = r.bool(o, "treatLocalAsUnknown", at);
        Long port = r.integer(o, "port", at, 1, 65535, "a TCP port from 1 to 65535");
        if (r.errorCount() > before) {
            return null;
        }
        return build(at, () -> new EtrnSettings(enabled, requireAuth, deliverTo, treatLocalAsUnknown,
                port == null ? null : port.intValue()));
    }

    private DeliverTo readDeliverTo(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, DELIVER_TO, Set.of());
        if (o == null) {
            return null;
        }
        int before = r.errorCount();
        String modeText = r.text(o, "mode", at);
        String host = r.text(o, "host", at);
        if (r.errorCount() > before) {
            return null;
        }
        DeliverTo.Mode mode;
        if (modeText == null) {
            mode = host == null ? DeliverTo.Mode.REQUESTER_IP : DeliverTo.Mode.HOST;
        } else if (modeText.equals("requester-ip")) {
            mode = DeliverTo.Mode.REQUESTER_IP;
        } else if (modeText.equals("host")) {
            mode = DeliverTo.Mode.HOST;
        } else {
            r.error(FieldReader.path(at, "mode"), "must be 'requester-ip' or 'host'");
            return null;
        }
        String hostField = FieldReader.path(at, "host");
        if (mode == DeliverTo.Mode.REQUESTER_IP) {
            if (host != null) {
                r.error(hostField, "must be absent (or null) when mode is 'requester-ip'");
                return null;
            }
            return DeliverTo.REQUESTER_IP;
        }
        if (host == null) {
            r.error(hostField, "is required when mode is 'host'");
            return null;
        }
        String why = DeliverTo.whyHostInvalid(host);
        if (why != null) {
            r.error(hostField, why);
            return null;
        }
        return build(hostField, () -> DeliverTo.host(host));
    }

    private AtrnSettings readAtrn(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, ATRN, Set.of());
        if (o == null) {
            return null;
        }
        int before = r.errorCount();
        Boolean enabled = r.bool(o, "enabled", at);
        Boolean singleSession = r.bool(o, "singleSession", at);
        return r.errorCount() > before ? null : build(at, () -> new AtrnSettings(enabled, singleSession));
    }

    private AccessSettings readAccess(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, ACCESS, Set.of());
        if (o == null) {
            return null;
        }
        int before = r.errorCount();
        List<Cidr> honor = r.list(o, "honor", at, this::cidr);
        List<Cidr> ignore = r.list(o, "ignore", at, this::cidr);
        Boolean anyIp = r.bool(o, "authenticatedFromAnyIp", at);
        return r.errorCount() > before ? null : build(at, () -> new AccessSettings(honor, ignore, anyIp));
    }

    private Quotas readQuotas(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, QUOTAS, Set.of());
        if (o == null) {
            return null;
        }
        int before = r.errorCount();
        Long maxMessages = r.integer(o, "maxMessages", at, 0, Long.MAX_VALUE, "0 (unlimited) or more");
        Long maxBytes = r.integer(o, "maxBytes", at, 0, Long.MAX_VALUE, "0 (unlimited) or more");
        return r.errorCount() > before ? null : build(at, () -> new Quotas(maxMessages, maxBytes));
    }

    private RecipientVerification readVerification(JsonNode node, String at) {
        ObjectNode o = r.object(node, at, VERIFICATION, Set.of());
        if (o == null) {
            return null;
        }
        List<String> parts = r.list(o, "validLocalParts", at, this::localPart);
        return parts == null && !FieldReader.absent(o.get("validLocalParts")) ? null
                : build(at, () -> new RecipientVerification(parts));
    }

    private OutboundTls readTls(ObjectNode o) {
        String s = r.text(o, "outboundTls", prefix);
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            // "off": the former name of "none", still accepted from older clients and files
            case "none", "off" -> OutboundTls.NONE;
            case "opportunistic" -> OutboundTls.OPPORTUNISTIC;
            case "encrypted" -> OutboundTls.ENCRYPTED;
            case "required" -> OutboundTls.REQUIRED;
            default -> {
                r.error(p("outboundTls"), "must be one of none, opportunistic, encrypted, required");
                yield null;
            }
        };
    }

    private PasswordChange readPassword(ObjectNode o, DomainName domain) {
        if (!o.has("password")) {
            return PasswordChange.KEEP;
        }
        JsonNode n = o.get("password");
        if (n.isNull()) {
            return PasswordChange.CLEAR;
        }
        String field = p("password");
        if (!n.isTextual()) {
            r.error(field, "must be a string, not " + FieldReader.describe(n));
            return null;
        }
        String s = n.textValue();
        if (s.isEmpty()) {
            r.error(field, "must not be empty (use null to remove the password)");
            return null;
        }
        if (s.length() > MAX_PASSWORD_LENGTH) {
            r.error(field, "must be at most " + MAX_PASSWORD_LENGTH + " characters");
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            r.error(field, "must not contain a NUL character");
            return null;
        }
        char[] chars = s.toCharArray();
        String weak = PasswordPolicy.whyWeak(chars, domain);
        if (weak != null) {
            java.util.Arrays.fill(chars, '\0');
            r.error(field, weak);
            return null;
        }
        return new PasswordChange.Set(chars);
    }

    private Cidr cidr(String text, String at) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            r.error(at, "not a network in CIDR notation (" + e.getMessage() + ")");
            return null;
        }
    }

    private DomainName login(String text, String at) {
        try {
            return DomainName.parse(text);
        } catch (InvalidDomainNameException e) {
            r.error(at, "not a gateway login (a domain name): " + e.reason());
            return null;
        }
    }

    private String localPart(String text, String at) {
        if (text.isEmpty() || text.length() > 64) {
            r.error(at, "a local part must be 1 to 64 characters");
            return null;
        }
        if (text.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '@')) {
            r.error(at, "a local part cannot contain '@', spaces or control characters");
            return null;
        }
        return text;
    }

    /** Builds a record whose constructor checks its own invariants, mapping a refusal to a field error. */
    private <T> T build(String at, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            r.error(at, e.getMessage() == null ? "is invalid" : e.getMessage());
            return null;
        }
    }
}
