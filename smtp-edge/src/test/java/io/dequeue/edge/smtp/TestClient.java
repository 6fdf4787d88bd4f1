package io.dequeue.edge.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A minimal blocking SMTP client for integration tests: raw bytes out, reply lines in. */
final class TestClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TestClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    TestClient send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    TestClient send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** One reply line without CR LF, or null at end of stream. */
    String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (prev == '\r' && c == '\n') {
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) c);
            prev = c;
        }
    }

    /** The last line of the next (possibly multi-line) reply. */
    String reply() throws IOException {
        String l;
        do {
            l = line();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    /** All lines of the next reply. */
    java.util.List<String> replyLines() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String l;
        do {
            l = line();
            if (l != null) {
                lines.add(l);
            }
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return lines;
    }

    /** True when the server closed the connection (within the timeout). */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
