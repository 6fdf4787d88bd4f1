package io.dequeue.systemtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq serving the zones of the system tests on {@link DequeueSystem#dnsPort}, where
 * delivery-service asks. There is one port, so there is one dnsmasq: a test class adds the records
 * it needs ({@code --mx-host=}, {@code --host-record=}, ...) and dnsmasq is restarted with every
 * record added so far, so that records of earlier tests (e.g. a sender domain a DSN still has to
 * reach) keep resolving.
 */
final class Dnsmasq {
    static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    /** A record every instance serves; an answer for it means dnsmasq is up. */
    private static final String READY_NAME = "ready.dnsmasq.test";

    private static Dnsmasq shared;

    private final int port;
    private final Set<String> records = new LinkedHashSet<>();
    private Process process;

    private Dnsmasq(int port) {
        this.port = port;
        records.add("--host-record=" + READY_NAME + ",127.0.0.9");
    }

    /** Serves these records (dnsmasq options) from now on, besides those served already. */
    static synchronized void serve(int port, String... options) throws IOException, InterruptedException {
        if (shared == null) {
            shared = new Dnsmasq(port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.stop(), "dnsmasq-stop"));
        }
        if (shared.port != port) {
            throw new IllegalStateException("dnsmasq already serves port " + shared.port);
        }
        if (!shared.records.addAll(List.of(options)) && shared.process != null && shared.process.isAlive()) {
            return;
        }
        shared.stop();
        shared.start();
    }

    private void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install dnsmasq");
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        cmd.addAll(records);
        Path log = Files.createTempFile("dnsmasq-", ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (answers()) {
                return;
            }
            Thread.sleep(50);
        }
        stop();
        throw new IllegalStateException("dnsmasq did not answer on port " + port + ": " + Files.readString(log));
    }

    /** Sends an A query for {@link #READY_NAME} and reports whether a response came. */
    private boolean answers() throws IOException {
        byte[] q = query(READY_NAME, 1);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[512];
            DatagramPacket r = new DatagramPacket(buf, buf.length);
            s.receive(r);
            return r.getLength() > 12 && buf[0] == q[0] && buf[1] == q[1] && (buf[7] & 0xff) > 0; // one answer at least
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static byte[] query(String name, int type) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x51, 0x17, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.writeBytes(new byte[] {0, 0, (byte) type, 0, 1});
        return b.toByteArray();
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
