package io.dequeue.smtp.script;

import io.dequeue.smtp.wire.Escapes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A client/server dialogue as a text file, one step per line:
 *
 * <pre>
 * # comment (blank lines are ignored too)
 * &#64;mode odmr           metadata for the harness that builds the server (key, value)
 * C: EHLO client.example   send the line followed by CR LF
 * B: DATA\r\nx\n.\n        send raw bytes: escapes \r \n \t \0 \\ \xHH, nothing appended
 * S: 250 2.1.0             the next reply line starts with this text
 * S~ 25[01] .*             the next reply line matches this regular expression (whole line)
 * S* 250                   read one whole reply (continuation lines too); its last line starts with this
 * !noreply                 the server has nothing more to say right now
 * !closed                  the server has closed the connection
 * !wait 1000               let this many milliseconds pass (a fake clock in-process)
 * </pre>
 */
public record DialogueScript(String name, Map<String, String> metadata, List<Step> steps) {

    public DialogueScript {
        Objects.requireNonNull(name);
        metadata = Map.copyOf(metadata);
        steps = List.copyOf(steps);
    }

    /** One step; {@code line} is its line number in the file, for failure messages. */
    public sealed interface Step {
        int line();
    }

    public record Send(int line, byte[] bytes) implements Step {
    }

    public record ExpectPrefix(int line, String prefix) implements Step {
    }

    public record ExpectRegex(int line, Pattern pattern) implements Step {
    }

    public record ExpectReply(int line, String lastLinePrefix) implements Step {
    }

    public record ExpectNoReply(int line) implements Step {
    }

    public record ExpectClosed(int line) implements Step {
    }

    public record Wait(int line, long millis) implements Step {
    }

    /** A metadata value, or the default. */
    public String meta(String key, String defaultValue) {
        return metadata.getOrDefault(key, defaultValue);
    }

    public static DialogueScript load(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Loads a script from the class path (e.g. {@code /dialogues/pipelining.txt}). */
    public static DialogueScript resource(Class<?> anchor, String path) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no such resource: " + path);
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * @throws IllegalArgumentException naming the line of a malformed step
     */
    public static DialogueScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String l = lines[i];
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            try {
                if (l.startsWith("@")) {
                    String[] kv = l.substring(1).trim().split("\\s+", 2);
                    meta.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else if (l.startsWith("C: ") || l.equals("C:")) {
                    steps.add(new Send(n, (arg(l) + "\r\n").getBytes(StandardCharsets.UTF_8)));
                } else if (l.startsWith("B: ")) {
                    steps.add(new Send(n, Escapes.unescape(arg(l))));
                } else if (l.startsWith("S: ") || l.equals("S:")) {
                    steps.add(new ExpectPrefix(n, arg(l)));
                } else if (l.startsWith("S~ ")) {
                    steps.add(new ExpectRegex(n, Pattern.compile(arg(l))));
                } else if (l.startsWith("S* ") || l.equals("S*")) {
                    steps.add(new ExpectReply(n, arg(l)));
                } else if (l.trim().equals("!noreply")) {
                    steps.add(new ExpectNoReply(n));
                } else if (l.trim().equals("!closed")) {
                    steps.add(new ExpectClosed(n));
                } else if (l.startsWith("!wait ")) {
                    steps.add(new Wait(n, Long.parseLong(l.substring(6).trim())));
                } else {
                    throw new IllegalArgumentException("unknown step");
                }
            } catch (PatternSyntaxException | NumberFormatException e) {
                throw new IllegalArgumentException(name + ":" + n + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + n + ": " + e.getMessage() + ": " + l, e);
            }
        }
        return new DialogueScript(name, meta, steps);
    }

    private static String arg(String line) {
        return line.length() > 3 ? line.substring(3) : "";
    }
}
