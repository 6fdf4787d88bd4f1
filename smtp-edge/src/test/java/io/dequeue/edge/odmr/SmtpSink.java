package io.dequeue.edge.odmr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A minimal SMTP server on loopback standing for a customer's local mail server (what fetchmail
 * relays into): accepts every connection in turn, answers each RCPT as the test says, records the
 * messages and the commands.
 */
final class SmtpSink implements AutoCloseable {
    record Received(String mailFrom, List<String> rcptTo, String data) {
    }

    private final ServerSocket server;
    private final Function<String, String> rcptReply;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    SmtpSink(Function<String, String> rcptReply) throws IOException {
        this.rcptReply = rcptReply;
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::run, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(30_000);
                serve(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // next connection, or closed
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        send(out, "220 sink.customer.example ESMTP");
        String from = null;
        List<String> rcpts = new ArrayList<>();
        while (true) {
            String cmd = line(in);
            if (cmd == null) {
                return;
            }
            commands.add(cmd);
            String verb = (cmd.length() >= 4 ? cmd.substring(0, 4) : cmd).toUpperCase();
            switch (verb) {
                case "EHLO" -> send(out, "250-sink.customer.example\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES");
                case "HELO", "LHLO" -> send(out, "250 sink.customer.example");
                case "MAIL" -> {
                    from = cmd.substring(cmd.indexOf('<') + 1, cmd.indexOf('>'));
                    rcpts.clear();
                    send(out, "250 2.1.0 Ok");
                }
                case "RCPT" -> {
                    String a = cmd.substring(cmd.indexOf('<') + 1, cmd.indexOf('>'));
                    String r = rcptReply.apply(a);
                    if (r.startsWith("2")) {
                        rcpts.add(a);
                    }
                    send(out, r);
                }
                case "DATA" -> {
                    send(out, "354 go ahead");
                    StringBuilder data = new StringBuilder();
                    String l;
                    while ((l = line(in)) != null && !l.equals(".")) {
                        data.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
                    }
                    received.add(new Received(from, List.copyOf(rcpts), data.toString()));
                    send(out, "250 2.0.0 Ok: queued");
                }
                case "QUIT" -> {
                    send(out, "221 2.0.0 Bye");
                    return;
                }
                default -> send(out, "250 2.0.0 Ok");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        int c;
        while ((c = in.read()) >= 0) {
            if (prev == '\r' && c == '\n') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
        }
        return null;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
