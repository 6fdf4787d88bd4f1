package io.dequeue.edge.net;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed RSA certificate for the local run, written as PEM files into a folder and reused on
 * later starts. Built with the JDK alone: the X.509 structure is encoded by {@link Der} and signed
 * with {@code SHA256withRSA}; no keytool, no extra library.
 */
public final class SelfSignedCertificate {

    public static final String CERT_FILE = "edge-cert.pem";
    public static final String KEY_FILE = "edge-key.pem";

    /** Where the PEM files are. */
    public record PemFiles(Path cert, Path key, boolean generated) {
    }

    private SelfSignedCertificate() {
    }

    /**
     * Returns the folder's certificate and key, generating them first when either is missing.
     *
     * @param names DNS names for the certificate (the first is its common name); {@code localhost}
     *              and 127.0.0.1 / ::1 are always added
     */
    public static PemFiles ensure(Path dir, List<String> names, Duration validity) throws IOException, GeneralSecurityException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new PemFiles(cert, key, false);
        }
        Files.createDirectories(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, new SecureRandom());
        KeyPair pair = gen.generateKeyPair();
        byte[] der = certificate(pair, names, Instant.now(), validity);
        writeAtomically(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        writeAtomically(cert, pem("CERTIFICATE", der), false);
        return new PemFiles(cert, key, true);
    }

    /** The DER encoding of a self-signed certificate for {@code pair}. */
    static byte[] certificate(KeyPair pair, List<String> names, Instant now, Duration validity) throws GeneralSecurityException {
        List<String> dns = new ArrayList<>();
        for (String n : names) {
            if (n != null && !n.isBlank() && !dns.contains(n)) {
                dns.add(n);
            }
        }
        if (!dns.contains("localhost")) {
            dns.add("localhost");
        }
        byte[] sigAlg = Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nul());
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(dns.get(0)))));
        Instant notBefore = now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;

        List<byte[]> altNames = new ArrayList<>();
        for (String d : dns) {
            altNames.add(Der.implicitPrimitive(2, d.getBytes(StandardCharsets.US_ASCII)));
        }
        altNames.add(Der.implicitPrimitive(7, InetAddress.getLoopbackAddress().getAddress()));
        altNames.add(Der.implicitPrimitive(7, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        byte[] san = Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(altNames.toArray(byte[][]::new))));
        byte[] basic = Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence()));
        // keyUsage: digitalSignature (bit 0) and keyEncipherment (bit 2)
        byte[] keyUsage = Der.sequence(Der.oid("2.5.29.15"), Der.bool(true), Der.octetString(Der.bitString(new byte[] {(byte) 0xa0}, 5)));
        byte[] extKeyUsage = Der.sequence(Der.oid("2.5.29.37"), Der.octetString(Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))));

        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(1, serial)),
                sigAlg,
                name,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name,
                pair.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(san, basic, keyUsage, extKeyUsage)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        return Der.sequence(tbs, sigAlg, Der.bitString(signer.sign(), 0));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
