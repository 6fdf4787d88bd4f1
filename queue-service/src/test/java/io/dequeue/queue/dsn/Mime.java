package io.dequeue.queue.dsn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small, strict MIME reader for tests: header fields (unfolded), body, multipart parts. */
public final class Mime {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"]+)\"");

    public final Map<String, List<String>> headers = new LinkedHashMap<>();
    public final String body;

    private Mime(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        body = end < 0 ? "" : text.substring(end + 4);
        String unfolded = head.replaceAll("\r\n[ \t]+", " ");
        for (String line : unfolded.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("not a header field: " + line);
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    public static Mime parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.replace("\r\n", "").indexOf('\n') >= 0 || text.replace("\r\n", "").indexOf('\r') >= 0) {
            throw new AssertionError("a bare CR or LF in the message");
        }
        return new Mime(text);
    }

    public static Mime parse(String text) {
        return new Mime(text);
    }

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.get(0);
    }

    /** The parts of a multipart body. */
    public List<Mime> parts() {
        Matcher m = BOUNDARY.matcher(header("Content-Type"));
        if (!m.find()) {
            throw new AssertionError("no boundary in " + header("Content-Type"));
        }
        String delimiter = "--" + m.group(1);
        String[] pieces = body.split(Pattern.quote("\r\n" + delimiter));
        List<Mime> parts = new ArrayList<>();
        // pieces[0] is the preamble (starting with the first delimiter line); the last one starts with "--"
        String first = pieces[0];
        int start = first.indexOf(delimiter);
        if (start >= 0) {
            String afterFirst = first.substring(start + delimiter.length());
            parts.add(new Mime(afterFirst.substring(2)));
        }
        for (int i = 1; i < pieces.length; i++) {
            String p = pieces[i];
            if (p.startsWith("--")) {
                break;
            }
            parts.add(new Mime(p.substring(2)));
        }
        if (!body.contains(delimiter + "--")) {
            throw new AssertionError("no closing delimiter");
        }
        return parts;
    }

    /** The field groups of a message/delivery-status body: the per-message group, then one per recipient. */
    public List<Map<String, String>> statusGroups() {
        List<Map<String, String>> groups = new ArrayList<>();
        for (String block : body.strip().split("\r\n\r\n")) {
            Map<String, String> g = new LinkedHashMap<>();
            for (String line : block.replaceAll("\r\n[ \t]+", " ").split("\r\n")) {
                int colon = line.indexOf(':');
                g.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
            groups.add(g);
        }
        return groups;
    }
}
