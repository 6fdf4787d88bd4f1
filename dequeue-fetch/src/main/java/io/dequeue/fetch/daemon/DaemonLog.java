package io.dequeue.fetch.daemon;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The daemon's log: one line per event on a stream (standard error), with a UTC time stamp, a
 * level and the upstream's name. Lines never contain a password.
 */
final class DaemonLog {
    private final PrintStream out;
    private final Clock clock;

    DaemonLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void info(String upstream, String message) {
        line("INFO", upstream, message);
    }

    void warn(String upstream, String message) {
        line("WARN", upstream, message);
    }

    private void line(String level, String upstream, String message) {
        String text = clock.instant() + " " + level + " " + (upstream == null ? "daemon" : "name=" + upstream) + " "
                + message.replace('\r', ' ').replace('\n', ' ');
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
