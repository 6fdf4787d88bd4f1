package io.dequeue.fetch;

/**
 * Runs one pull for the command line: a stop on SIGTERM or Ctrl-C ends it after the current
 * message; the summary goes to standard output.
 */
final class CliRun {

    private CliRun() {
    }

    static int run(Pull pull) {
        StopSignal stop = new StopSignal();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                main.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dequeue-fetch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PullResult result = pull.run(stop);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook waits for us
        }
        System.out.println(result.summary());
        return result.exitStatus();
    }
}
