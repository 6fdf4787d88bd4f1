package io.dequeue.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/** Reading SMTP lines as the wire has them: a line ends only at CR LF (a bare CR or LF is data). */
final class CrLf {
    private CrLf() {
    }

    /** The next line without its CR LF; null at the end of the stream. */
    static String readLine(InputStream in, Charset charset) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, charset);
            }
            b.write(c);
            prev = c;
        }
    }

    /** The next line without its CR LF; an {@link IOException} when the peer closed first. */
    static String requireLine(InputStream in, Charset charset) throws IOException {
        String line = readLine(in, charset);
        if (line == null) {
            throw new IOException("connection closed before the end of a line");
        }
        return line;
    }
}
