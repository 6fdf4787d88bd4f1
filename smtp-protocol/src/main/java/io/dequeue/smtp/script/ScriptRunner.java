package io.dequeue.smtp.script;

import io.dequeue.smtp.wire.Escapes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a {@link DialogueScript} over a {@link ScriptConnection} and reports the first mismatch
 * with its line number and the transcript so far.
 */
public final class ScriptRunner {

    /** The outcome: success, or the failure message with the transcript. */
    public record Result(String script, boolean passed, String failure, List<String> transcript) {

        /** Throws an {@link AssertionError} describing the failure, if any. */
        public Result orThrow() {
            if (!passed) {
                throw new AssertionError(script + ": " + failure + "\n--- transcript ---\n" + String.join("\n", transcript));
            }
            return this;
        }
    }

    private ScriptRunner() {
    }

    public static Result run(DialogueScript script, ScriptConnection connection) {
        List<String> transcript = new ArrayList<>();
        for (DialogueScript.Step step : script.steps()) {
            try {
                String failure = play(step, connection, transcript);
                if (failure != null) {
                    return new Result(script.name(), false, "line " + step.line() + ": " + failure, transcript);
                }
            } catch (IOException e) {
                return new Result(script.name(), false, "line " + step.line() + ": " + e, transcript);
            }
        }
        return new Result(script.name(), true, null, transcript);
    }

    private static String play(DialogueScript.Step step, ScriptConnection c, List<String> transcript) throws IOException {
        if (step instanceof DialogueScript.Send s) {
            transcript.add("C: " + Escapes.escape(s.bytes()));
            c.send(s.bytes());
            return null;
        }
        if (step instanceof DialogueScript.ExpectPrefix p) {
            String got = read(c, transcript);
            return got != null && got.startsWith(p.prefix()) ? null : "expected a line starting with '" + p.prefix() + "', got " + show(got);
        }
        if (step instanceof DialogueScript.ExpectRegex r) {
            String got = read(c, transcript);
            return got != null && r.pattern().matcher(got).matches() ? null : "expected a line matching /" + r.pattern() + "/, got " + show(got);
        }
        if (step instanceof DialogueScript.ExpectReply r) {
            String got;
            do {
                got = read(c, transcript);
            } while (got != null && got.length() >= 4 && got.charAt(3) == '-');
            return got != null && got.startsWith(r.lastLinePrefix()) ? null
                    : "expected a reply ending with a line starting with '" + r.lastLinePrefix() + "', got " + show(got);
        }
        if (step instanceof DialogueScript.ExpectNoReply) {
            if (!c.quiet()) {
                return "expected no reply, got " + show(read(c, transcript));
            }
            return null;
        }
        if (step instanceof DialogueScript.ExpectClosed) {
            if (!c.quiet()) {
                return "expected the connection to close, got " + show(read(c, transcript));
            }
            if (!c.closedByServer()) {
                return "expected the connection to close, it is still open";
            }
            transcript.add("(closed)");
            return null;
        }
        if (step instanceof DialogueScript.Wait w) {
            transcript.add("(wait " + w.millis() + " ms)");
            c.pass(w.millis());
            return null;
        }
        throw new IllegalStateException("unknown step " + step);
    }

    private static String read(ScriptConnection c, List<String> transcript) throws IOException {
        String line = c.readLine();
        transcript.add(line == null ? "(closed)" : "S: " + line);
        return line;
    }

    private static String show(String line) {
        return line == null ? "the connection closed" : "'" + Escapes.escape(line.getBytes(StandardCharsets.ISO_8859_1)) + "'";
    }
}
