package io.dequeue.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small receiving SMTP server for what smtp-sink cannot do: it answers each RCPT as the test
 * chooses (e.g. {@code 550} for one address, {@code 451} for another) and accepts the rest. It
 * offers 8BITMIME and PIPELINING (replies go out in order, one command at a time), serves
 * connections concurrently, and records every transaction that reached DATA with its accepted
 * recipients and the message bytes (dot-unstuffed, CR LF kept).
 */
final class ScriptedReceiver implements AutoCloseable {
    /** One transaction: the sender, the recipients answered 2xx, the message bytes. */
    record Transaction(String mailFrom, List<String> rcptTo, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private final ServerSocket server;
    private final Function<String, String> rcptReply;
    /** Every RCPT the receiver was given, whatever it answered. */
    final List<String> rcptsSeen = new CopyOnWriteArrayList<>();
    final List<Transaction> transactions = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param port      the loopback port, 0 for any ({@link #port()})
     * @param rcptReply the reply line (without CR LF) to RCPT for an address
     */
    ScriptedReceiver(int port, Function<String, String> rcptReply) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
        this.rcptReply = rcptReply;
        acceptor = new Thread(this::acceptLoop, "scripted-receiver-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** On any free port. */
    ScriptedReceiver(Function<String, String> rcptReply) throws IOException {
        this(0, rcptReply);
    }

    /** Answers {@code 550 5.1.1} for the given addresses (case-insensitive), {@code 250} for the rest. */
    ScriptedReceiver(int port, Set<String> refusedRecipients) throws IOException {
        this(port, refusing(refusedRecipients));
    }

    private static Function<String, String> refusing(Set<String> refusedRecipients) {
        Set<String> refused = refusedRecipients.stream().map(a -> a.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
        return a -> refused.contains(a.toLowerCase(Locale.ROOT))
                ? "550 5.1.1 <" + a + ">: Recipient address rejected: User unknown" : "250 2.1.5 Ok";
    }

    int port() {
        return server.getLocalPort();
    }

    List<Transaction> awaitCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (transactions.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return new ArrayList<>(transactions);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "scripted-receiver-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(60_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            send(out, "220 scripted.test ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    send(out, "250-scripted.test\r\n250-8BITMIME\r\n250 PIPELINING");
                } else if (upper.startsWith("HELO")) {
                    send(out, "250 scripted.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = path(line);
                    rcpts.clear();
                    send(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = path(line);
                    rcptsSeen.add(rcpt);
                    String reply = rcptReply.apply(rcpt);
                    if (reply.startsWith("2")) {
                        rcpts.add(rcpt);
                    }
                    send(out, reply);
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) {
                        send(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    send(out, "354 End data with <CR><LF>.<CR><LF>");
                    byte[] data = readData(in);
                    transactions.add(new Transaction(from, List.copyOf(rcpts), data));
                    send(out, "250 2.0.0 Ok: queued");
                } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                    send(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    send(out, "221 2.0.0 Bye");
                    return;
                } else {
                    send(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String path(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? line.substring(line.indexOf(':') + 1).strip() : line.substring(lt + 1, gt);
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A line ending in CR LF, without it; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        return CrLf.readLine(in, StandardCharsets.ISO_8859_1);
    }

    /** Reads up to CR LF . CR LF and removes dot-stuffing. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream lineBuf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in DATA");
            }
            lineBuf.write(c);
            if (prev == '\r' && c == '\n') {
                byte[] line = lineBuf.toByteArray();
                lineBuf.reset();
                if (line.length == 3 && line[0] == '.') {
                    return b.toByteArray();
                }
                int from = line.length > 0 && line[0] == '.' ? 1 : 0;
                b.write(line, from, line.length - from);
            }
            prev = c;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
