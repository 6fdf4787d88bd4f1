package io.dequeue.fetch;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging of the client: java.util.logging under the name {@code io.dequeue.fetch}, one line per
 * record on standard error. The SMTP dialogue is logged at FINE (shown with {@code --verbose});
 * AUTH responses and message contents are never logged.
 */
public final class Logs {

    public static final String ROOT = "io.dequeue.fetch";

    private Logs() {
    }

    /** Sets up one-line logging to standard error; FINE when verbose. */
    public static void configure(boolean verbose) {
        Logger root = Logger.getLogger(ROOT);
        root.setUseParentHandlers(false);
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        Level level = verbose ? Level.FINE : Level.INFO;
        handler.setLevel(level);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return Instant.ofEpochMilli(r.getMillis()) + " " + r.getLevel().getName() + " " + formatMessage(r)
                        + System.lineSeparator();
            }
        });
        root.addHandler(handler);
        root.setLevel(level);
    }
}
