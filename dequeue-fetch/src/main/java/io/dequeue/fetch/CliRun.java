package io.dequeue.fetch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pull for the command line: SIGTERM or Ctrl-C requests a stop, the pull ends after the
 * current message, its summary is printed and the process exits with the pull's status (8 when the
 * stop ended it). The summary goes to standard output.
 */
final class CliRun {

    /** How long a stop waits for the current message before the process ends anyway. */
    static final long STOP_GRACE_SECONDS = 30;

    private CliRun() {
    }

    static int run(Pull pull) {
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        int[] status = {ExitStatus.INTERRUPTED};
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            // System.exit from the main thread would block while hooks run: end here with the pull's status
            Runtime.getRuntime().halt(status[0]);
        }, "dequeue-fetch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PullResult result = pull.run(stop);
        System.out.println(result.summary());
        System.out.flush();
        status[0] = result.exitStatus();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook ends the process with this status
        }
        return result.exitStatus();
    }
}
