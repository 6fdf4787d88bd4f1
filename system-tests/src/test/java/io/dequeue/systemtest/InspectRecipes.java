package io.dequeue.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell recipes of {@code docs/inspect.md}: every fenced block opened with
 * {@code ```sh recipe=<name>}, run verbatim with bash, with only {@code PATH} and the documented
 * variables ({@code BROKER}, {@code DOMAIN}, {@code QUEUE_ID}) in its environment.
 */
final class InspectRecipes {
    static final Path DOC = LocalRun.repositoryRoot().resolve("docs/inspect.md");
    private static final Pattern RECIPE = Pattern.compile("^```sh recipe=([a-z0-9-]+)\\n(.*?)^```$",
            Pattern.MULTILINE | Pattern.DOTALL);
    /** The documented variables; a recipe that uses another one fails (bash -u). */
    static final List<String> VARIABLES = List.of("BROKER", "DOMAIN", "QUEUE_ID");

    /** What a recipe printed. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private InspectRecipes() {
    }

    /** Fails with a clear message when kcat or jq is missing ({@code ./dequeue-test} installs them). */
    static void requireTools() {
        for (String tool : List.of("kcat", "jq")) {
            assertThat(onPath(tool)).as(tool + " is not installed: the recipes of docs/inspect.md need kcat and jq"
                    + " (./dequeue-test installs them; or apt-get install kcat jq)").isTrue();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Every recipe of the page by name, in page order. */
    static Map<String, String> all() {
        String doc;
        try {
            doc = Files.readString(DOC, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> recipes = new LinkedHashMap<>();
        Matcher m = RECIPE.matcher(doc);
        while (m.find()) {
            assertThat(recipes.put(m.group(1), m.group(2))).as("recipe name " + m.group(1) + " used twice").isNull();
        }
        return recipes;
    }

    /** Runs one recipe with bash ({@code -u -o pipefail}): its variables from {@code vars}, nothing else. */
    static Result run(String script, Map<String, String> vars) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-u", "-o", "pipefail", "-c", script);
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path);
        vars.forEach((k, v) -> {
            assertThat(VARIABLES).as("documented variables").contains(k);
            env.put(k, v);
        });
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p, false));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, true));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("recipe still running after 60 s:\n" + script);
        }
        return new Result(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process p, boolean stderr) {
        try {
            return (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
