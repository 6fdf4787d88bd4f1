package io.dequeue.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small SMTP server for what smtp-sink cannot do: answer each RCPT by a rule of the test (250,
 * 4xx or 5xx per recipient). One connection at a time; every transaction that reached the end of
 * DATA is recorded with the recipients it accepted and the message bytes (dot-unstuffed, CR LF kept).
 */
final class ScriptedReceiver implements AutoCloseable {
    /** One transaction: its sender, the recipients answered 250, the message bytes. */
    record Transaction(String mailFrom, List<String> accepted, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.ISO_8859_1);
        }
    }

    private final ServerSocket server;
    private final Function<String, String> rcptReply;
    private final Thread thread;
    /** Every RCPT the receiver was given, whatever it answered. */
    final List<String> rcptsSeen = new CopyOnWriteArrayList<>();
    final List<Transaction> transactions = new CopyOnWriteArrayList<>();

    /** @param rcptReply the full reply line (without CR LF) to RCPT for an address */
    ScriptedReceiver(Function<String, String> rcptReply) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.thread = new Thread(this::acceptLoop, "scripted-receiver-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(60_000);
                serve(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // the client went away or the receiver is closing: next connection
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        reply(out, "220 receiver.test ESMTP scripted");
        String from = null;
        List<String> accepted = new ArrayList<>();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return;
            }
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> reply(out, "250-receiver.test\r\n250-8BITMIME\r\n250 PIPELINING");
                case "HELO" -> reply(out, "250 receiver.test");
                case "MAIL" -> {
                    from = path(line);
                    accepted = new ArrayList<>();
                    reply(out, "250 2.1.0 Ok");
                }
                case "RCPT" -> {
                    String rcpt = path(line);
                    rcptsSeen.add(rcpt);
                    String r = rcptReply.apply(rcpt);
                    if (r.startsWith("250")) {
                        accepted.add(rcpt);
                    }
                    reply(out, r);
                }
                case "DATA" -> {
                    if (accepted.isEmpty()) {
                        reply(out, "554 5.5.1 No valid recipients");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    byte[] message = readData(in);
                    if (message == null) {
                        return;
                    }
                    transactions.add(new Transaction(from, List.copyOf(accepted), message));
                    reply(out, "250 2.0.0 Ok: queued");
                }
                case "RSET" -> {
                    from = null;
                    accepted = new ArrayList<>();
                    reply(out, "250 2.0.0 Ok");
                }
                case "NOOP" -> reply(out, "250 2.0.0 Ok");
                case "QUIT" -> {
                    reply(out, "221 2.0.0 Bye");
                    return;
                }
                default -> reply(out, "502 5.5.2 Command not recognized");
            }
        }
    }

    private static String path(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? line : line.substring(lt + 1, gt);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One command line without CR LF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        byte[] line = readRawLine(in);
        if (line == null) {
            return null;
        }
        return new String(line, 0, Math.max(0, line.length - 2), StandardCharsets.US_ASCII);
    }

    /** One line with its CR LF, or null at the end of the stream. */
    private static byte[] readRawLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            if (prev == '\r' && c == '\n') {
                return b.toByteArray();
            }
            prev = c;
        }
    }

    /** The message up to the lone dot, dot-unstuffed; null when the stream ended first. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine(in);
            if (line == null) {
                return null;
            }
            if (line.length == 3 && line[0] == '.') {
                return m.toByteArray();
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            m.write(line, from, line.length - from);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
