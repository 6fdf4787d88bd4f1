package io.dequeue.systemtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Much mail into edges quickly: several SMTP sessions at once, each sending many transactions one
 * after the other on one connection (MAIL, RCPT and DATA in one write when the edge offers
 * PIPELINING). A message is identified by its envelope
 * sender, {@code m<n>@remote.example}, which every receiving side shows (smtp-sink's dump, the
 * queue admin API's {@code sender}).
 */
final class BulkMail {
    private BulkMail() {
    }

    /** The envelope sender of message {@code n}. */
    static String sender(int n) {
        return "m" + n + "@remote.example";
    }

    /**
     * Sends messages {@code 0 .. count-1}, message {@code n} to {@code recipientOf[n % recipients]},
     * over {@code sessionsPerPort} sessions on each of {@code smtpPorts}, and adds the sender of each
     * message the edge answered 250 to {@code answered250}. Any other reply ends that session with an
     * exception, which this rethrows.
     */
    static void send(List<Integer> smtpPorts, int sessionsPerPort, int count, List<String> recipients,
                     Set<String> answered250) throws Exception {
        int sessions = smtpPorts.size() * sessionsPerPort;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                int port = smtpPorts.get(s % smtpPorts.size());
                done.add(pool.submit(() -> {
                    session(port, session, sessions, count, recipients, answered250);
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void session(int port, int session, int sessions, int count, List<String> recipients,
                                Set<String> answered250) throws IOException {
        try (RawSmtp c = new RawSmtp(port)) {
            expect(c.greeting, "220");
            String ehlo = c.command("EHLO bulk.system.test");
            expect(ehlo, "250");
            boolean pipelining = ehlo.contains("PIPELINING");
            for (int n = session; n < count; n += sessions) {
                String from = sender(n);
                String rcpt = recipients.get(n % recipients.size());
                if (pipelining) {
                    List<String> r = c.pipeline("MAIL FROM:<" + from + ">", "RCPT TO:<" + rcpt + ">", "DATA");
                    expect(r.get(0), "250");
                    expect(r.get(1), "250");
                    expect(r.get(2), "354");
                } else {
                    expect(c.command("MAIL FROM:<" + from + ">"), "250");
                    expect(c.command("RCPT TO:<" + rcpt + ">"), "250");
                    expect(c.command("DATA"), "354");
                }
                String reply = c.data(MailIn.message(from, rcpt, "bulk " + n, "message " + n + " of " + count));
                expect(reply, "250");
                answered250.add(from);
            }
            c.command("QUIT");
        }
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + " but got " + reply);
        }
    }
}
