package io.dequeue.smtp.script;

import java.io.IOException;

/** The client end of a connection to the server under test, as the script runner needs it. */
public interface ScriptConnection extends AutoCloseable {

    void send(byte[] bytes) throws IOException;

    /**
     * The next reply line without CR LF, or null when the server has closed the connection.
     *
     * @throws IOException when no line comes (in time)
     */
    String readLine() throws IOException;

    /** True when the server has sent nothing that was not read yet (waiting briefly over TCP). */
    boolean quiet() throws IOException;

    /** True when the server has closed the connection and every byte was read. */
    boolean closedByServer() throws IOException;

    /** Lets time pass for the server: a fake clock in-process, a sleep over TCP. */
    void pass(long millis) throws IOException;

    @Override
    void close() throws IOException;
}
