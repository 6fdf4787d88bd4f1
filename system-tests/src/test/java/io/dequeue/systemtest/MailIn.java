package io.dequeue.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends mail into the edge the plain way: one SMTP transaction per call, replies checked. */
final class MailIn {
    private MailIn() {
    }

    /** A small RFC 5322 message with CR LF line ends. */
    static byte[] message(String from, String to, String subject, String body) {
        String m = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + java.util.UUID.randomUUID() + "@system.test>\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one message; returns the final reply line (250 ... queued as ...), throws on any other. */
    static String send(int port, String from, List<String> to, byte[] message) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            cmd(out, in, "EHLO system.test", "250");
            cmd(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String rcpt : to) {
                cmd(out, in, "RCPT TO:<" + rcpt + ">", "250");
            }
            cmd(out, in, "DATA", "354");
            out.write(dotStuff(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String done = expect(in, "250");
            cmd(out, in, "QUIT", "221");
            return done;
        }
    }

    private static byte[] dotStuff(byte[] m) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(m.length + 16);
        boolean lineStart = true;
        for (byte c : m) {
            if (lineStart && c == '.') {
                b.write('.');
            }
            b.write(c);
            lineStart = c == '\n';
        }
        return b.toByteArray();
    }

    private static void cmd(OutputStream out, InputStream in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    /** Reads one (possibly multi-line) reply and checks its code; returns its last line. */
    static String expect(InputStream in, String code) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine(in);
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        String last = lines.get(lines.size() - 1);
        if (!last.startsWith(code)) {
            throw new IOException("expected " + code + " but got " + String.join(" | ", lines));
        }
        return last;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after " + b);
            }
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }
}
