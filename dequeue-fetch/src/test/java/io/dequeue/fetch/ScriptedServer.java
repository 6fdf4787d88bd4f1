package io.dequeue.fetch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test SMTP peer driven by a readable script, one step per line, for one connection on
 * 127.0.0.1 (a free port). It plays the ODMR server (and, after ATRN, the client of the reversed
 * session) or the local mail server.
 *
 * <pre>
 * # comment
 * S: text            send text + CR LF (sends are buffered until the next read step)
 * B: text            send raw bytes, escapes \r \n \\ , nothing appended
 * C: text            expect the next line to be exactly this
 * C~ regex           expect the next line to match
 * R: 250             read one reply (continuation lines too); its last line starts with this
 * !cram USER PASS    send a CRAM-MD5 challenge, check the response, answer 235 or 535
 * !starttls          switch to TLS as the server (after sending 220)
 * !message BYTES     send a generated message body of about BYTES bytes and CR LF . CR LF
 * !data              read message data up to CR LF . CR LF (kept: {@link #messages()})
 * !data-aborted      read message data; expect the connection to end before CR LF . CR LF
 * !signal            run the test's callback
 * !close             close the connection now
 * !closed            expect the peer to close the connection
 * </pre>
 */
public final class ScriptedServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> steps;
    private final SSLContext tls;
    private final boolean implicitTls;
    private final Runnable signal;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    private volatile long dataBytes;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;

    private ScriptedServer(String script, SSLContext tls, boolean implicitTls, Runnable signal) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.steps = script.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.signal = signal;
        Thread t = new Thread(this::serve, "scripted-server-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static ScriptedServer start(String script) throws IOException {
        return new ScriptedServer(script, null, false, null);
    }

    public static ScriptedServer start(String script, Runnable signal) throws IOException {
        return new ScriptedServer(script, null, false, signal);
    }

    /** With a TLS context for {@code !starttls}, or for the whole connection when {@code implicit}. */
    public static ScriptedServer startTls(String script, SSLContext tls, boolean implicit) throws IOException {
        return new ScriptedServer(script, tls, implicit, null);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", port());
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public List<byte[]> messages() {
        return messages;
    }

    /** Bytes of message data read by {@code !data} steps (including the terminator). */
    public long dataBytes() {
        return dataBytes;
    }

    /** Waits for the script to finish; fails with the transcript if a step failed. */
    public void assertCompleted() {
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage() + "\ntranscript:\n" + String.join("\n", transcript), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("script did not complete: " + e + "\ntranscript:\n" + String.join("\n", transcript), e);
        }
    }

    private void serve() {
        try {
            Socket s = listener.accept();
            connections.incrementAndGet();
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            if (implicitTls) {
                s = wrap(s);
            }
            use(s);
            for (int i = 0; i < steps.size(); i++) {
                step(steps.get(i), i + 1);
            }
            out.flush();
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        } finally {
            try {
                if (socket != null) {
                    socket.close();
                }
                listener.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = new java.io.BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    }

    private SSLSocket wrap(Socket s) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    private void step(String step, int n) throws Exception {
        transcript.add("step " + n + ": " + step);
        if (step.startsWith("S: ")) {
            send(step.substring(3) + "\r\n");
        } else if (step.startsWith("B: ")) {
            send(step.substring(3).replace("\\r", "\r").replace("\\n", "\n").replace("\\\\", "\\"));
        } else if (step.startsWith("C: ")) {
            String line = readLine();
            check(line.equals(step.substring(3)), n, "expected '" + step.substring(3) + "', got '" + line + "'");
        } else if (step.startsWith("C~ ")) {
            String line = readLine();
            check(line.matches(step.substring(3)), n, "expected /" + step.substring(3) + "/, got '" + line + "'");
        } else if (step.startsWith("R: ")) {
            String line;
            do {
                line = readLine();
            } while (line.length() > 3 && line.charAt(3) == '-');
            String last = line;
            check(last.startsWith(step.substring(3)), n, "expected a reply ending '" + step.substring(3) + "', got '" + last + "'");
        } else if (step.startsWith("!cram ")) {
            String[] a = step.split(" ");
            cram(a[1], a[2], n);
        } else if (step.equals("!starttls")) {
            out.flush();
            check(start == end, n, "bytes pipelined after STARTTLS");
            use(wrap(socket));
        } else if (step.startsWith("!message ")) {
            message(Long.parseLong(step.substring(9)));
        } else if (step.equals("!data")) {
            check(data(), n, "connection closed during data");
        } else if (step.equals("!data-aborted")) {
            check(!data(), n, "the data was terminated: the relay must not end an aborted message");
        } else if (step.equals("!signal")) {
            signal.run();
        } else if (step.equals("!close")) {
            out.flush();
            socket.close();
        } else if (step.equals("!closed")) {
            out.flush();
            try {
                String line = readLine();
                throw new AssertionError("step " + n + ": expected the peer to close, got '" + line + "'");
            } catch (EOFException | java.net.SocketException e) {
                // closed, as expected
            }
        } else {
            throw new IllegalArgumentException("step " + n + ": unknown step " + step);
        }
    }

    private static void check(boolean ok, int n, String message) {
        if (!ok) {
            throw new AssertionError("step " + n + ": " + message);
        }
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private boolean fill() throws IOException {
        out.flush();
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (end == buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) {
            return false;
        }
        end += r;
        return true;
    }

    private String readLine() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
                    start = i + 2;
                    transcript.add("  <- " + line);
                    return line;
                }
            }
            if (!fill()) {
                throw new EOFException("peer closed the connection");
            }
        }
    }

    /** Reads data to the terminator; false when the connection ended first. */
    private boolean data() throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int state = 2;
        long total = 0;
        while (true) {
            while (start < end) {
                byte c = buf[start++];
                total++;
                if (kept.size() < 1 << 20) {
                    kept.write(c);
                }
                state = switch (state) {
                    case 0 -> c == '\r' ? 1 : 0;
                    case 1 -> c == '\n' ? 2 : c == '\r' ? 1 : 0;
                    case 2 -> c == '.' ? 3 : c == '\r' ? 1 : 0;
                    case 3 -> c == '\r' ? 4 : 0;
                    default -> c == '\n' ? 5 : c == '\r' ? 1 : 0;
                };
                if (state == 5) {
                    messages.add(kept.toByteArray());
                    dataBytes += total;
                    return true;
                }
            }
            try {
                if (!fill()) {
                    return false;
                }
            } catch (java.net.SocketException e) {
                return false;
            }
        }
    }

    private void message(long size) throws IOException {
        byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        send("Subject: generated\r\n\r\n..a stuffed dot line\r\n");
        for (long sent = 0; sent < size; sent += line.length) {
            out.write(line);
        }
        send(".\r\n");
    }

    private void cram(String user, String password, int n) throws Exception {
        byte[] challenge = "<12345.67890@odmr.test>".getBytes(StandardCharsets.US_ASCII);
        send("334 " + Base64.getEncoder().encodeToString(challenge) + "\r\n");
        String response = new String(Base64.getDecoder().decode(readLine()), StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String expected = user + " " + HexFormat.of().formatHex(mac.doFinal(challenge));
        if (response.equals(expected)) {
            send("235 2.7.0 Authentication successful\r\n");
        } else {
            send("535 5.7.8 Authentication credentials invalid\r\n");
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (socket != null) {
            socket.close();
        }
    }
}
