package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.reply.ReplyParser;
import io.dequeue.smtp.script.DialogueScript;
import io.dequeue.smtp.server.InMemoryTransport;
import io.dequeue.smtp.wire.DataReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Robustness: thousands of random and mutated command sequences and byte streams, in random
 * chunks with random time passing, against in-process sessions with the edge's policy. Whatever
 * comes in, nothing is thrown out of the session, every byte written is a well-formed reply, every
 * session ends (answers QUIT or closes), message memory is always released and stays within its
 * limits, and every stored message has a valid envelope and fits the size limit.
 */
class EdgeFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20250603L);
    static final int SESSIONS = Integer.getInteger("fuzz.sessions", 4000);
    static final long LIMIT = 64 * 1024;

    static final String[] DOMAINS = {"in.edge.test", "IN.EDGE.TEST", "other.edge.test", "verified.edge.test", "full.edge.test",
            "small.edge.test", "xn--bcher-kva.edge.test", "auth.edge.test", "elsewhere.example", "[192.0.2.1]", "sub.in.edge.test"};
    static final String[] LOCALS = {"alice", "bob", "mallory", "postmaster", "\"q u\"", "a.b", "x+y"};
    static final String[] MARKERS = {"\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n\0.\r\n",
            "\r\n.\r\n", "\r\n..\r\n", "."};

    final List<byte[]> corpus = new ArrayList<>();

    EdgeFuzzTest() throws Exception {
        for (Path p : EdgeHarness.scripts()) {
            for (DialogueScript.Step s : DialogueScript.load(p).steps()) {
                if (s instanceof DialogueScript.Send send) {
                    corpus.add(send.bytes());
                }
            }
        }
    }

    @Test
    void sessionsSurviveRandomAndMutatedInput() {
        Random rnd = new Random(SEED);
        MemoryBudget budget = new MemoryBudget(4 * LIMIT);
        FakeStore store = new FakeStore();
        SmtpServices services = EdgeHarness.services(store, budget, new SimpleMeterRegistry());
        int closedByServer = 0;
        int quitAnswered = 0;
        long replies = 0;
        for (int n = 0; n < SESSIONS; n++) {
            store.mode = FakeStore.Mode.values()[rnd.nextInt(10) < 8 ? 0 : 1 + rnd.nextInt(2)];
            ListenerSettings settings = EdgeHarness.baseSettings().toBuilder()
                    .maxMessageSize(LIMIT)
                    .starttls(rnd.nextBoolean())
                    .allowInsecureAuth(rnd.nextBoolean())
                    .bareLineEndings(rnd.nextBoolean() ? DataReader.BareLineEndingPolicy.REJECT : DataReader.BareLineEndingPolicy.NORMALIZE)
                    .greetingDelay(rnd.nextInt(10) == 0 ? Duration.ofMillis(500) : Duration.ZERO)
                    .idleTimeout(Duration.ofSeconds(30))
                    .sessionTimeout(Duration.ofMinutes(2))
                    .storeTimeout(Duration.ofMillis(50))
                    .build();
            InMemoryTransport t = new InMemoryTransport();
            String label = "session " + n + " (seed " + SEED + ")";
            EdgeHarness.start(t, settings, services);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] input = rnd.nextInt(5) == 0 ? randomBytes(rnd, rnd.nextInt(4096)) : dialogue(rnd);
            int i = 0;
            while (i < input.length) {
                int len = Math.min(input.length - i, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 2048));
                byte[] chunk = java.util.Arrays.copyOfRange(input, i, i + len);
                i += len;
                t.clientSend(chunk);
                if (rnd.nextInt(8) == 0) {
                    t.advance(rnd.nextInt(2000));
                }
                out.writeBytes(t.takeOutput());
            }
            t.advance(600);
            t.clientSend("\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(t.takeOutput());
            if (!t.isClosed()) {
                // a store that never answers: the store timeout (wall clock) or the session cap ends it
                long deadline = System.currentTimeMillis() + 2000;
                while (!t.isClosed() && System.currentTimeMillis() < deadline) {
                    sleep(5);
                    out.writeBytes(t.takeOutput());
                }
                t.advance(Duration.ofMinutes(3).toMillis());
                out.writeBytes(t.takeOutput());
            }
            assertThat(t.isClosed()).as(label + " ends").isTrue();
            byte[] written = out.toByteArray();
            replies += checkReplies(written, label);
            String text = new String(written, StandardCharsets.ISO_8859_1);
            if (text.endsWith("221 2.0.0 Bye\r\n")) {
                quitAnswered++;
            } else {
                closedByServer++;
            }
            assertThat(budget.used()).as(label + ": message memory released").isZero();
            assertThat(t.queuedInput()).as(label).isZero();
        }
        assertThat(budget.peak()).isLessThanOrEqualTo(budget.max());
        for (FakeStore.Stored m : store.stored) {
            assertThat(m.envelope().recipients()).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            assertThat((long) m.message().length).isLessThanOrEqualTo(LIMIT + 1024);
            assertThat(new String(m.message(), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("Received: from ");
        }
        System.out.printf("fuzz: %d sessions (seed %d), %d replies, %d answered QUIT, %d closed by the server, %d messages stored%n",
                SESSIONS, SEED, replies, quitAnswered, closedByServer, store.stored.size());
        assertThat(store.stored).isNotEmpty();
        assertThat(quitAnswered).isGreaterThan(SESSIONS / 4);
    }

    /** Every line the server wrote is a reply line: 3 digits, space or dash, printable ASCII, CR LF. */
    static long checkReplies(byte[] written, String label) {
        ReplyParser parser = new ReplyParser();
        parser.feed(written);
        long n = 0;
        while (parser.next() != null) {
            n++;
        }
        String s = new String(written, StandardCharsets.ISO_8859_1);
        assertThat(s).as(label + " output").matches("(?s)([2-5][0-9]{2}[ -][\\x20-\\x7e]*\r\n)*");
        assertThat(n).as(label + " replies").isPositive();
        return n;
    }

    byte[] dialogue(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (rnd.nextInt(4) != 0) {
            // most sessions start like a real client, so that transactions get far enough to be stored
            b.writeBytes(ascii("EHLO client.example\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<u@in.edge.test>\r\n"));
        }
        int steps = 1 + rnd.nextInt(30);
        for (int s = 0; s < steps; s++) {
            byte[] piece = switch (rnd.nextInt(14)) {
                case 0 -> ascii((rnd.nextBoolean() ? "EHLO " : "HELO ") + pick(rnd, new String[] {"client.example", "[192.0.2.7]", "x", "", "bad_name!"}) + "\r\n");
                case 1, 2 -> ascii("MAIL FROM:<" + (rnd.nextInt(5) == 0 ? "" : pick(rnd, LOCALS) + "@remote.example") + ">" + mailParams(rnd) + "\r\n");
                case 3, 4, 5 -> ascii("RCPT TO:<" + pick(rnd, LOCALS) + "@" + pick(rnd, DOMAINS) + ">" + rcptParams(rnd) + "\r\n");
                case 6, 7 -> dataAndBody(rnd);
                case 8 -> ascii(pick(rnd, new String[] {"RSET", "NOOP", "HELP", "VRFY x", "EXPN y", "TURN", "ETRN in.edge.test", "ATRN",
                        "BDAT 1 LAST", "STARTTLS", "STARTTLS x", "DATA", "QUIT", "AUTH", "AUTH FOO", "\u00ff\u00fe"}) + "\r\n");
                case 9 -> auth(rnd);
                case 10 -> mutate(rnd, corpus.get(rnd.nextInt(corpus.size())));
                case 11 -> corpus.get(rnd.nextInt(corpus.size()));
                case 12 -> randomBytes(rnd, rnd.nextInt(rnd.nextInt(10) == 0 ? 70_000 : 300));
                default -> longLine(rnd);
            };
            b.writeBytes(piece);
        }
        return b.toByteArray();
    }

    static String mailParams(Random rnd) {
        StringBuilder s = new StringBuilder();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append(' ').append(pick(rnd, new String[] {"SIZE=" + rnd.nextInt(200_000), "SIZE=99999999999999999999", "BODY=8BITMIME",
                    "BODY=7BIT", "BODY=BINARYMIME", "RET=HDRS", "RET=FULL", "RET=X", "ENVID=QQ+2B1", "ENVID=", "AUTH=<>", "FOO=bar", "SIZE"}));
        }
        return s.toString();
    }

    static String rcptParams(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> " NOTIFY=SUCCESS,FAILURE";
            case 1 -> " NOTIFY=NEVER ORCPT=rfc822;x+2By@in.edge.test";
            case 2 -> " NOTIFY=NEVER,DELAY";
            case 3 -> " ORCPT=bad";
            default -> "";
        };
    }

    static byte[] dataAndBody(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii("DATA\r\n"));
        int lines = rnd.nextInt(rnd.nextInt(20) == 0 ? 2000 : 40);
        for (int i = 0; i < lines; i++) {
            switch (rnd.nextInt(8)) {
                case 0 -> b.writeBytes(ascii(pick(rnd, MARKERS)));
                case 1 -> b.writeBytes(randomBytes(rnd, rnd.nextInt(200)));
                case 2 -> b.writeBytes(ascii("." + "x".repeat(rnd.nextInt(5)) + "\r\n"));
                default -> b.writeBytes(ascii("line " + i + " " + "y".repeat(rnd.nextInt(120)) + "\r\n"));
            }
        }
        if (rnd.nextInt(6) != 0) {
            b.writeBytes(ascii("\r\n.\r\n"));
        }
        return b.toByteArray();
    }

    static byte[] auth(Random rnd) {
        return ascii(switch (rnd.nextInt(6)) {
            case 0 -> "AUTH PLAIN AGF1dGguZWRnZS50ZXN0AHMzY3JldC1wdw==\r\n";
            case 1 -> "AUTH PLAIN\r\nAGF1dGguZWRnZS50ZXN0AHdyb25n\r\n";
            case 2 -> "AUTH LOGIN\r\nYXV0aC5lZGdlLnRlc3Q=\r\nczNjcmV0LXB3\r\n";
            case 3 -> "AUTH CRAM-MD5\r\nYXV0aC5lZGdlLnRlc3QgMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=\r\n";
            case 4 -> "AUTH LOGIN\r\n*\r\n";
            default -> "AUTH PLAIN !!!notbase64\r\n";
        });
    }

    static byte[] mutate(Random rnd, byte[] in) {
        byte[] b = in.clone();
        int ops = 1 + rnd.nextInt(4);
        for (int o = 0; o < ops && b.length > 0; o++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = pick(rnd, new byte[] {'\r', '\n', 0, '.', ' ', ':', '<', '>', '@', (byte) 0xff});
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                case 3 -> {
                    ByteArrayOutputStream x = new ByteArrayOutputStream();
                    x.write(b, 0, at);
                    x.writeBytes(b);
                    x.write(b, at, b.length - at);
                    b = x.toByteArray();
                }
                case 4 -> b[at] = (byte) Character.toLowerCase((char) (b[at] & 0xff));
                default -> {
                    ByteArrayOutputStream x = new ByteArrayOutputStream();
                    x.write(b, 0, at);
                    x.writeBytes(ascii(pick(rnd, MARKERS)));
                    x.write(b, at, b.length - at);
                    b = x.toByteArray();
                }
            }
        }
        return b;
    }

    static byte[] longLine(Random rnd) {
        int len = rnd.nextBoolean() ? 2040 + rnd.nextInt(20) : rnd.nextInt(50_000);
        byte[] b = new byte[len + 2];
        java.util.Arrays.fill(b, (byte) 'A');
        b[len] = '\r';
        b[len + 1] = '\n';
        if (rnd.nextBoolean()) {
            System.arraycopy(ascii("NOOP "), 0, b, 0, Math.min(5, len));
        }
        return b;
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static <T> T pick(Random rnd, T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    static byte pick(Random rnd, byte[] a) {
        return a[rnd.nextInt(a.length)];
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
