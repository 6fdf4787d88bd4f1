package io.dequeue.fetch;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.dequeue.fetch.OdmrScripts.LOCAL_EHLO;
import static io.dequeue.fetch.OdmrScripts.LOGIN;
import static io.dequeue.fetch.OdmrScripts.TURN;
import static io.dequeue.fetch.OdmrScripts.odmr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 10 MiB message is relayed through a fixed buffer: the pulling thread allocates a small fraction
 * of the message size (measured with the JVM's per-thread allocation counter), so the size of a
 * message never decides the client's memory.
 */
class BoundedMemoryTest {

    private static final long MESSAGE = 10L * 1024 * 1024;

    @Test
    void tenMebibyteMessageStreamsThroughWithBoundedAllocation() throws Exception {
        long small = pullAndMeasure(1024);
        long large = pullAndMeasure(MESSAGE);
        // measured: about 2.5 MiB for a whole session of either size (connections, classes, logging)
        assertThat(large).as("allocated for 10 MiB vs for 1 KiB").isLessThan(MESSAGE / 4);
        assertThat(large - small).as("extra allocation for 10 MiB of data").isLessThan(1024 * 1024);
    }

    private static long pullAndMeasure(long size) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ScriptedServer local = ScriptedServer.start(LOCAL_EHLO + """
                C: MAIL FROM:<s@x.test>
                S: 250 Ok
                C: RCPT TO:<u@a.test>
                S: 250 Ok
                C: DATA
                S: 354 go ahead
                !data
                S: 250 2.0.0 queued
                C: QUIT
                S: 221 bye
                """);
             ScriptedServer up = ScriptedServer.start(LOGIN + "C: ATRN\n" + TURN + """
                S: MAIL FROM:<s@x.test>
                S: RCPT TO:<u@a.test>
                S: DATA
                R: 250
                R: 250
                R: 354
                !message %d
                R: 250 2.0.0 queued
                S: QUIT
                R: 221
                """.formatted(size))) {
            Pull pull = Pull.odmr(odmr(up, local.address(), false));
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            PullResult r = pull.run(new StopSignal());
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            up.assertCompleted();
            local.assertCompleted();
            assertThat(r.exitStatus()).isEqualTo(ExitStatus.OK);
            assertThat(r.bytes()).isGreaterThan(size);
            assertThat(local.dataBytes()).isEqualTo(r.bytes());
            return allocated;
        }
    }
}
