package io.dequeue.fetch.daemon;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.Logs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code dequeue-fetch daemon --config FILE}: pulls every configured upstream on its schedule
 * until SIGTERM (or Ctrl-C), then lets the pulls under way finish their current message (at most
 * {@code stop-grace}) and exits. A configuration that cannot be used exits 2 with the reason
 * before anything is contacted.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Pull several upstreams on their schedules (YAML configuration) until stopped.")
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Option(names = "--check", description = "Check the configuration (files, passwords, options) and exit.")
    boolean check;

    @Option(names = "--verbose", description = "Log the SMTP dialogues of the pulls.")
    boolean verbose;

    private final Map<String, String> environment;
    private final PrintStream err;

    public DaemonCommand() {
        this(System.getenv(), System.err);
    }

    DaemonCommand(Map<String, String> environment, PrintStream err) {
        this.environment = environment;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        DaemonConfig cfg;
        ConfiguredPulls pulls = new ConfiguredPulls(environment);
        try {
            cfg = new ConfigReader(environment).read(config);
            for (UpstreamConfig u : cfg.upstreams()) {
                try {
                    pulls.check(u);
                } catch (FetchException e) {
                    throw new ConfigException(config + ": upstream '" + u.name() + "': " + e.getMessage());
                }
            }
        } catch (ConfigException e) {
            err.println("dequeue-fetch daemon: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (check) {
            err.println("dequeue-fetch daemon: " + config + ": " + cfg.upstreams().size() + " upstream(s), configuration usable");
            return ExitStatus.OK;
        }
        Logs.configure(verbose);
        Daemon daemon = new Daemon(cfg, pulls, new DaemonLog(err, Clock.systemUTC()), Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble());
        Thread hook = new Thread(() -> stopAndWait(daemon, cfg.stopGrace()), "dequeue-fetch-daemon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start();
        } catch (IOException e) {
            err.println("dequeue-fetch daemon: metrics endpoint " + cfg.metricsListen() + ": " + e.getMessage());
            daemon.stop();
            daemon.awaitStopped(cfg.stopGrace());
            return ExitStatus.USAGE;
        }
        // the loops run until the stop; SIGTERM runs the hook, which stops them and waits
        while (!daemon.awaitStopped(Duration.ofHours(1))) {
            // still running
        }
        return ExitStatus.OK;
    }

    private void stopAndWait(Daemon daemon, Duration grace) {
        err.println(java.time.Instant.now() + " INFO daemon stopping: the pulls under way finish their current message");
        daemon.stop();
        try {
            if (!daemon.awaitStopped(grace)) {
                err.println(java.time.Instant.now() + " WARN daemon pulls still running after the stop grace of "
                        + Durations.format(grace) + "; exiting (unacknowledged mail stays held upstream)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
