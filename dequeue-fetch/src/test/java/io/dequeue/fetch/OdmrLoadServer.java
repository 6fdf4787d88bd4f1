package io.dequeue.fetch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A manual measuring aid, not a test: an ODMR server on 127.0.0.1 that accepts any CRAM-MD5 login
 * and, after ATRN, sends COUNT messages of about SIZE bytes the way a pipelining server does (MAIL,
 * RCPT, DATA in one write; the data after 354; the next message after the 250), then prints the
 * rate. Usage: {@code java -cp test-classes:dequeue-fetch.jar io.dequeue.fetch.OdmrLoadServer PORT COUNT SIZE}.
 */
public final class OdmrLoadServer {

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int start;
    private int end;

    private OdmrLoadServer(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream(), 65536);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        try (ServerSocket ss = new ServerSocket(port, 1, InetAddress.getLoopbackAddress()); Socket s = ss.accept()) {
            new OdmrLoadServer(s).serve(count, size);
        }
    }

    private void serve(int count, int size) throws IOException {
        send("220 load.test ODMR");
        line();
        send("250-load.test\r\n250 AUTH CRAM-MD5");
        line();
        send("334 PDEyMzQ1LjY3ODkwQGxvYWQudGVzdD4=");
        line();
        send("235 2.7.0 ok");
        line();
        send("250 OK now reversing the connection");
        reply();
        send("EHLO load.test");
        reply();
        StringBuilder body = new StringBuilder("Subject: load\r\n\r\n");
        while (body.length() < size) {
            body.append("x".repeat(76)).append("\r\n");
        }
        byte[] data = (body + ".\r\n").getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            send("MAIL FROM:<s@load.test>\r\nRCPT TO:<u" + i + "@a.test>\r\nDATA");
            reply();
            reply();
            if (!reply().startsWith("354")) {
                throw new IOException("no 354");
            }
            out.write(data);
            out.flush();
            if (reply().startsWith("250")) {
                ok++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        send("QUIT");
        reply();
        System.out.printf("%d of %d messages of %d bytes in %.2f s: %.0f msg/s%n", ok, count, data.length, secs, ok / secs);
    }

    private void send(String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String reply() throws IOException {
        String l;
        do {
            l = line();
        } while (l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    private String line() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String s = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
                    start = i + 2;
                    return s;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                throw new IOException("closed");
            }
            end += n;
        }
    }
}
