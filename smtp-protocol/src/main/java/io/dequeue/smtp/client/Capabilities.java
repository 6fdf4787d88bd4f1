package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the peer announced in its EHLO reply: one keyword per line after the first, with optional
 * parameters. After HELO there are none ({@link #NONE}).
 *
 * @param extended  true after EHLO, false after the HELO fallback
 * @param keywords  upper-cased keyword to its parameter text (empty when none)
 */
public record Capabilities(boolean extended, Map<String, String> keywords) {

    public static final Capabilities NONE = new Capabilities(false, Map.of());

    public Capabilities {
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    /** Parses a 250 EHLO reply; the first line (the peer's name and greeting) is skipped. */
    public static Capabilities parse(Reply ehlo) {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String keyword = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            String params = sp < 0 ? "" : line.substring(sp + 1).strip();
            if (keyword.startsWith("AUTH=")) {
                // the pre-RFC 4954 form some servers still send: AUTH=LOGIN PLAIN
                params = (keyword.substring(5) + " " + params).strip();
                keyword = "AUTH";
            }
            if (keyword.equals("AUTH") && map.containsKey("AUTH")) {
                map.put("AUTH", (map.get("AUTH") + " " + params).strip());
            } else {
                map.putIfAbsent(keyword, params);
            }
        }
        return new Capabilities(true, map);
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean dsn() {
        return has("DSN");
    }

    public boolean startTls() {
        return has("STARTTLS");
    }

    public boolean size() {
        return has("SIZE");
    }

    /** The SIZE limit in octets; 0 when none is announced (or SIZE is absent). */
    public long maxSize() {
        String v = keywords.get("SIZE");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.split(" ")[0]));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** SASL mechanisms announced with AUTH, upper-cased. */
    public Set<String> authMechanisms() {
        String v = keywords.get("AUTH");
        Set<String> out = new LinkedHashSet<>();
        if (v != null) {
            for (String m : v.split(" ")) {
                if (!m.isBlank()) {
                    out.add(m.toUpperCase(Locale.ROOT));
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
