package io.dequeue.smtp.client;

import io.vertx.core.net.PfxOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test-only certificates made at test time with the JDK's {@code keytool}: a throw-away CA and
 * server certificates it signs. Nothing is committed; every key lives in a temporary directory.
 */
final class TestCertificates {

    private static final String PASSWORD = "test-only";

    private final Path dir;
    private final Path caStore;
    private final Path caPem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new CA in {@code dir}. */
    static TestCertificates newCa(Path dir) throws Exception {
        TestCertificates c = new TestCertificates(dir);
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Dequeue Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", c.caStore.toString());
        c.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", c.caStore.toString(), "-file", c.caPem.toString());
        return c;
    }

    /** The CA certificate, PEM: what a trust file holds. */
    Path caPem() {
        return caPem;
    }

    /**
     * A server key and certificate signed by this CA, for {@code cn} with these subject alternative
     * names (keytool syntax: {@code dns:mx.test}, {@code ip:127.0.0.1}).
     */
    PfxOptions server(String name, String cn, String... sans) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-validity", "2", "-keystore", store.toString());
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                caStore.toString(), "-infile", csr.toString(), "-outfile", pem.toString(), "-validity", "2"));
        if (sans.length > 0) {
            gencert.add("-ext");
            gencert.add("SAN=" + String.join(",", sans));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", "server", "-file", pem.toString(), "-keystore", store.toString());
        return new PfxOptions().setPath(store.toString()).setPassword(PASSWORD).setAlias("server");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
