package io.dequeue.edge.odmr;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An ODMR customer in a test: EHLO, AUTH CRAM-MD5 and ATRN on the edge's ODMR port, then, after the
 * 250, a scripted SMTP server on the same socket (what fetchmail does with its local relay).
 * Blocking; run it on a test thread.
 */
final class Customer implements AutoCloseable {
    /** A message the customer's server accepted. */
    record Received(String mailFrom, List<String> rcptTo, String data) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final List<String> transcript = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** A slow server: how long {@link #serve} waits before each reply after its greeting. */
    volatile long replyDelayMillis;

    Customer(int port) throws IOException {
        this(plain(port));
    }

    private Customer(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** A customer on the implicit-TLS port (the test certificate is self-signed: trusted blindly). */
    static Customer tls(int port) throws Exception {
        return tls(port, null);
    }

    /** The same behind a load balancer: {@code proxyHeader} goes first, in plaintext, then TLS. */
    static Customer tls(int port, String proxyHeader) throws Exception {
        Socket raw = plain(port);
        if (proxyHeader != null) {
            raw.getOutputStream().write(proxyHeader.getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
        }
        return overTls(raw, port);
    }

    /**
     * Behind a load balancer that sends the PROXY header and the client's first TLS bytes in one
     * write (one segment): the edge reads both at once and must hand the TLS bytes to the handshake.
     */
    static Customer tlsWithHeaderInTheHelloSegment(int port, String proxyHeader) throws Exception {
        byte[] header = proxyHeader.getBytes(StandardCharsets.US_ASCII);
        Socket raw = new Socket() {
            private OutputStream first;

            @Override
            public synchronized OutputStream getOutputStream() throws IOException {
                if (first == null) {
                    OutputStream out = super.getOutputStream();
                    first = new java.io.FilterOutputStream(out) {
                        private boolean sent;

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            if (sent) {
                                out.write(b, off, len);
                                return;
                            }
                            sent = true;
                            byte[] all = java.util.Arrays.copyOf(header, header.length + len);
                            System.arraycopy(b, off, all, header.length, len);
                            out.write(all);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            write(new byte[] {(byte) b}, 0, 1);
                        }
                    };
                }
                return first;
            }
        };
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return overTls(raw, port);
    }

    private static Customer overTls(Socket raw, int port) throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
        s.startHandshake();
        return new Customer(s);
    }

    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    transcript.add("(closed)");
                    return null;
                }
                break;
            }
            if (prev == '\r' && c == '\n') {
                byte[] bytes = b.toByteArray();
                String s = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                transcript.add("<< " + s);
                return s;
            }
            b.write(c);
            prev = c;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a whole (multi-line) reply; returns its last line. */
    String reply() throws IOException {
        String l;
        do {
            l = line();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    void send(String line) throws IOException {
        transcript.add(">> " + line);
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** EHLO, AUTH CRAM-MD5, ATRN; returns the ATRN reply line. */
    String atrn(String login, String password, String domains) throws Exception {
        login(login, password);
        send(domains == null || domains.isEmpty() ? "ATRN" : "ATRN " + domains);
        return line();
    }

    /** Greeting, EHLO and AUTH CRAM-MD5: ready for ATRN. */
    void login(String login, String password) throws Exception {
        expect(reply(), "220 ");
        send("EHLO customer.example");
        expect(reply(), "250 ");
        send("AUTH CRAM-MD5");
        String challenge = line();
        expect(challenge, "334 ");
        byte[] ch = Base64.getDecoder().decode(challenge.substring(4));
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String digest = HexFormat.of().formatHex(mac.doFinal(ch));
        send(Base64.getEncoder().encodeToString((login + " " + digest).getBytes(StandardCharsets.UTF_8)));
        expect(reply(), "235 ");
    }

    /**
     * Acts as the SMTP server after the turn until QUIT or the connection ends.
     *
     * @param rcptReply the reply to each RCPT by address (default 250)
     * @param dropAfterDataLines close the connection after this many DATA lines of the first message (-1: never)
     */
    void serve(Function<String, String> rcptReply, int dropAfterDataLines) throws IOException {
        send("220 customer.example ESMTP relay");
        String mailFrom = null;
        List<String> rcpts = new ArrayList<>();
        while (true) {
            String cmd = line();
            if (cmd == null) {
                return;
            }
            commands.add(cmd);
            pauseBeforeReply();
            String verb = cmd.length() >= 4 ? cmd.substring(0, 4).toUpperCase() : cmd.toUpperCase();
            switch (verb) {
                case "EHLO" -> {
                    send("250-customer.example");
                    send("250-8BITMIME");
                    send("250 ENHANCEDSTATUSCODES");
                }
                case "HELO" -> send("250 customer.example");
                case "MAIL" -> {
                    mailFrom = cmd.substring(cmd.indexOf('<') + 1, cmd.indexOf('>'));
                    rcpts.clear();
                    send("250 2.1.0 Ok");
                }
                case "RCPT" -> {
                    String addr = cmd.substring(cmd.indexOf('<') + 1, cmd.indexOf('>'));
                    String r = rcptReply.apply(addr);
                    if (r.startsWith("250")) {
                        rcpts.add(addr);
                    }
                    send(r);
                }
                case "DATA" -> {
                    send("354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    int lines = 0;
                    while (true) {
                        String l = line();
                        if (l == null) {
                            return;
                        }
                        if (dropAfterDataLines >= 0 && ++lines >= dropAfterDataLines) {
                            socket.close();
                            return;
                        }
                        if (l.equals(".")) {
                            break;
                        }
                        data.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
                    }
                    received.add(new Received(mailFrom, List.copyOf(rcpts), data.toString()));
                    pauseBeforeReply();
                    send("250 2.0.0 Ok: queued");
                }
                case "RSET" -> send("250 2.0.0 Ok");
                case "NOOP" -> send("250 2.0.0 Ok");
                case "QUIT" -> {
                    send("221 2.0.0 Bye");
                    socket.close();
                    return;
                }
                default -> send("502 5.5.2 Error: command not recognized");
            }
        }
    }

    private void pauseBeforeReply() throws IOException {
        if (replyDelayMillis > 0) {
            try {
                Thread.sleep(replyDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    static Function<String, String> replies(Map<String, String> byAddress) {
        return a -> byAddress.getOrDefault(a, "250 2.1.5 Ok");
    }

    private void expect(String line, String prefix) {
        if (line == null || !line.startsWith(prefix)) {
            throw new AssertionError("expected " + prefix + " got " + line + "\n" + String.join("\n", transcript));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
