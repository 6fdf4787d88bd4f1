package io.dequeue.systemtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dequeue's own ODMR/ETRN client ({@code dequeue-fetch}) as a customer runs it: {@code java -jar
 * dequeue-fetch/target/dequeue-fetch.jar ...} as a process (the reactor builds the jar before this
 * module), the password in a file of mode 0600.
 */
final class FetchClient {
    /** What a run printed (standard output and error together) and its exit status. */
    record Result(int exitCode, String output) {
    }

    private FetchClient() {
    }

    static Path jar() {
        Path jar = LocalRun.repositoryRoot().resolve("dequeue-fetch/target/dequeue-fetch.jar");
        assertThat(jar).as("the client's jar (mvn -pl system-tests -am builds it)").isRegularFile();
        return jar;
    }

    /** Runs the client with {@code args}; a non-null {@code password} goes in a file named by {@code --password-file}. */
    static Result run(Duration timeout, String password, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        if (password != null) {
            cmd.add("--password-file");
            cmd.add(passwordFile(password).toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = readAll(p, timeout);
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process p, Duration timeout) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dequeue-fetch did not finish in " + timeout + ":\n"
                    + new String(out.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        return out.join();
    }

    /** A file of mode 0600 holding {@code password} on one line. */
    static Path passwordFile(String password) throws IOException {
        Path f = Files.createTempFile("dequeue-fetch-pw-", "", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, password + "\n", StandardCharsets.UTF_8);
        f.toFile().deleteOnExit();
        return f;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SHA-256 (hex) of the DER of the local edge's self-signed certificate ({@code $DEQUEUE_DATA_DIR/tls}). */
    static String edgePin(DequeueSystem system) throws Exception {
        Path pem = system.run.dataDir.resolve("tls/edge-cert.pem");
        assertThat(pem).as("the edge's self-signed certificate").isRegularFile();
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
