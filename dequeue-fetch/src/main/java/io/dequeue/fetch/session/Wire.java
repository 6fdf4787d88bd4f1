package io.dequeue.fetch.session;

import io.dequeue.fetch.HostPort;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One blocking TCP (or TLS) connection: TCP_NODELAY, a read timeout, and a fixed-size output buffer
 * so that many lines go out in one write; nothing reaches the socket before {@link #flush()} (or a
 * full buffer). Bytes only: lines are ASCII with CR LF appended here.
 */
public final class Wire implements Closeable {

    /** Size of the output buffer: a pipelined group or a slice of message data per write. */
    public static final int OUT_BUFFER = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private Wire(Socket socket) throws IOException {
        use(socket);
    }

    /** Connects with the timeout for the connection and every later read. */
    public static Wire connect(HostPort target, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new Wire(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Connects over TLS from the first byte; the handshake is done when this returns. */
    public static Wire connectTls(HostPort target, Duration timeout, SSLSocketFactory factory) throws IOException {
        Wire w = connect(target, timeout);
        try {
            w.startTls(factory, target);
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Wraps the connection in TLS (after a STARTTLS 220) and completes the handshake. */
    public void startTls(SSLSocketFactory factory, HostPort target) throws IOException {
        out.flush();
        SSLSocket tls = (SSLSocket) factory.createSocket(socket, target.host(), target.port(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = s.getInputStream();
        this.out = new BufferedOutputStream(s.getOutputStream(), OUT_BUFFER);
    }

    /** Reads what is available (blocking until at least one byte); -1 at end of stream. */
    public int read(byte[] buf) throws IOException {
        return in.read(buf, 0, buf.length);
    }

    /** Queues an ASCII line; CR LF is appended. */
    public void line(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    /** Queues a line given as bytes (without its CR LF); CR LF is appended. */
    public void line(byte[] bytes) throws IOException {
        out.write(bytes);
        out.write(CRLF);
    }

    /** Queues raw bytes. */
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Closes at once, without flushing (aborts a transaction in progress on the peer). */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            // the peer is gone: closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
