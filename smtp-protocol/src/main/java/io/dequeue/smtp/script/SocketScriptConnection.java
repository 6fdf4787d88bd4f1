package io.dequeue.smtp.script;

import io.dequeue.smtp.wire.LineFramer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking TCP {@link ScriptConnection} for running dialogue scripts against a live server
 * (e.g. the edge in an integration test). Plain TCP only: STARTTLS scripts need the in-process
 * transport. Do not use on a Vert.x event loop.
 */
public final class SocketScriptConnection implements ScriptConnection {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final LineFramer replies = new LineFramer(LineFramer.AUTH_LINE_LIMIT);
    private final int replyTimeoutMillis;
    private final int quietMillis;
    private boolean eof;

    /**
     * @param replyTimeout how long to wait for an expected reply line
     * @param quietWindow  how long to listen before concluding the server has nothing to say
     */
    public SocketScriptConnection(String host, int port, Duration replyTimeout, Duration quietWindow) throws IOException {
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) replyTimeout.toMillis());
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.replyTimeoutMillis = (int) replyTimeout.toMillis();
        this.quietMillis = (int) quietWindow.toMillis();
    }

    public SocketScriptConnection(String host, int port) throws IOException {
        this(host, port, Duration.ofSeconds(10), Duration.ofMillis(300));
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public String readLine() throws IOException {
        while (true) {
            LineFramer.Frame f = replies.next();
            if (f instanceof LineFramer.Line line) {
                return new String(line.bytes(), StandardCharsets.ISO_8859_1);
            }
            if (f instanceof LineFramer.TooLong) {
                throw new IOException("reply line too long");
            }
            if (eof || !fill(replyTimeoutMillis)) {
                if (eof) {
                    return null;
                }
                throw new IOException("no reply within " + replyTimeoutMillis + " ms");
            }
        }
    }

    @Override
    public boolean quiet() throws IOException {
        if (replies.buffered() > 0) {
            return false;
        }
        if (eof) {
            return true;
        }
        fill(quietMillis);
        return replies.buffered() == 0;
    }

    @Override
    public boolean closedByServer() throws IOException {
        if (!eof && replies.buffered() == 0) {
            fill(replyTimeoutMillis);
        }
        return eof && replies.buffered() == 0;
    }

    @Override
    public void pass(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads what is available within the timeout; false on timeout. Sets eof on end of stream. */
    private boolean fill(int timeoutMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                return true;
            }
            replies.feed(buf, 0, n);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset after the server closed counts as closed
            eof = true;
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
