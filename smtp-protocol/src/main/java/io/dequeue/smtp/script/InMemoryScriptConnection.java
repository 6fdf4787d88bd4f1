package io.dequeue.smtp.script;

import io.dequeue.smtp.server.InMemoryTransport;
import io.dequeue.smtp.wire.LineFramer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ScriptConnection} to a session running on an {@link InMemoryTransport}. Everything is
 * synchronous: a reply that is not there after a send is a reply that did not come.
 */
public final class InMemoryScriptConnection implements ScriptConnection {

    private final InMemoryTransport transport;
    private final LineFramer replies = new LineFramer(LineFramer.AUTH_LINE_LIMIT);

    public InMemoryScriptConnection(InMemoryTransport transport) {
        this.transport = transport;
    }

    @Override
    public void send(byte[] bytes) {
        transport.clientSend(bytes);
    }

    @Override
    public String readLine() throws IOException {
        replies.feed(transport.takeOutput());
        LineFramer.Frame f = replies.next();
        if (f instanceof LineFramer.Line line) {
            return new String(line.bytes(), StandardCharsets.ISO_8859_1);
        }
        if (f instanceof LineFramer.TooLong) {
            throw new IOException("reply line too long");
        }
        if (transport.isClosed()) {
            return null;
        }
        throw new IOException("no reply from the server");
    }

    @Override
    public boolean quiet() {
        replies.feed(transport.takeOutput());
        return replies.buffered() == 0;
    }

    @Override
    public boolean closedByServer() {
        return transport.isClosed();
    }

    @Override
    public void pass(long millis) {
        transport.advance(millis);
    }

    @Override
    public void close() {
        transport.clientClose();
    }
}
