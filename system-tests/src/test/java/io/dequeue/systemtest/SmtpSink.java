package io.dequeue.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on a loopback port, dumping every transaction to a file: a real
 * receiving MTA for the delivery side of the system tests.
 */
final class SmtpSink implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    /** One dumped transaction: the envelope smtp-sink saw and the message as it arrived (LF line ends). */
    record Received(String mailFrom, List<String> rcptTo, String helo, String message) {
    }

    final int port;
    final Path dir;
    private final Process process;

    private SmtpSink(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * @param port the loopback port
     * @param extraArgs more smtp-sink options, e.g. {@code -r} / {@code -f} to answer commands with 4xx / 5xx
     */
    static SmtpSink start(int port, String... extraArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("smtp-sink-");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-u", "root", "-d", dir + "/%M."));
        cmd.addAll(List.of(extraArgs));
        cmd.add("127.0.0.1:" + port);
        cmd.add("64");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile()).start();
        SmtpSink sink = new SmtpSink(port, dir, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return sink;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("smtp-sink exited with " + p.exitValue());
                }
                Thread.sleep(50);
            }
        }
        sink.close();
        throw new IllegalStateException("smtp-sink did not listen on " + port);
    }

    /** Every transaction received so far. */
    List<Received> received() {
        List<Received> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                out.add(parse(Files.readString(f, StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** How many transactions have started so far (dump files; the last ones may still be filling). */
    int dumpCount() {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until at least {@code n} transactions arrived and their dumps are complete: smtp-sink
     * creates a dump when a transaction starts and fills it as the data comes, so the dumps are read
     * only once their sizes stay the same for 200 ms.
     */
    List<Received> awaitCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dumpSizes().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> sizes = dumpSizes();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            List<Long> now = dumpSizes();
            if (now.equals(sizes)) {
                break;
            }
            sizes = now;
        }
        return received();
    }

    private List<Long> dumpSizes() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Long> sizes = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                sizes.add(Files.size(f));
            }
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Received parse(String dump) {
        String from = null;
        String helo = null;
        List<String> rcpts = new ArrayList<>();
        int pos = 0;
        while (true) {
            int nl = dump.indexOf('\n', pos);
            if (nl < 0) {
                break;
            }
            String line = dump.substring(pos, nl);
            if (line.startsWith("X-Mail-Args: ")) {
                from = firstPath(line.substring(13));
            } else if (line.startsWith("X-Rcpt-Args: ")) {
                rcpts.add(firstPath(line.substring(13)));
            } else if (line.startsWith("X-Helo-Args: ")) {
                helo = line.substring(13);
            } else if (!line.startsWith("X-Client-") && !line.startsWith("X-Helo-")) {
                break;
            }
            pos = nl + 1;
        }
        String rest = dump.substring(pos);
        // smtp-sink's own trace line: "Received: from ... by smtp-sink ...; <date>" with continuation lines.
        if (rest.startsWith("Received: ")) {
            int end = rest.indexOf('\n');
            while (end >= 0 && end + 1 < rest.length() && (rest.charAt(end + 1) == '\t' || rest.charAt(end + 1) == ' ')) {
                end = rest.indexOf('\n', end + 1);
            }
            rest = end < 0 ? "" : rest.substring(end + 1);
        }
        return new Received(from, rcpts, helo, rest);
    }

    private static String firstPath(String args) {
        int lt = args.indexOf('<');
        int gt = args.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? args : args.substring(lt + 1, gt);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
