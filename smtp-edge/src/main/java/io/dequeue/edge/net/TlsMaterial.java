package io.dequeue.edge.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * One certificate chain and its private key as read from PEM files (PKCS#8 or PKCS#1 key), checked
 * to belong together: the key signs a random challenge that the leaf certificate's public key
 * verifies. A pair caught in the middle of a rotation (new certificate, old key) is refused
 * instead of served.
 */
public final class TlsMaterial {
    private final byte[] certPem;
    private final byte[] keyPem;
    private final X509Certificate[] chain;
    private final PrivateKey privateKey;
    private final String source;

    private TlsMaterial(byte[] certPem, byte[] keyPem, X509Certificate[] chain, PrivateKey privateKey, String source) {
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.chain = chain;
        this.privateKey = privateKey;
        this.source = source;
    }

    /**
     * Reads and checks the pair; an exception says what is wrong with it.
     *
     * @param source where it came from, for logs
     */
    public static TlsMaterial read(Path cert, Path key, String source) throws IOException, GeneralSecurityException {
        // Files.readAllBytes follows symbolic links: a Kubernetes Secret volume swaps a "..data" link.
        byte[] certPem = Files.readAllBytes(cert);
        byte[] keyPem = Files.readAllBytes(key);
        X509KeyManager km;
        try {
            // Vert.x's PEM reading (the same the listeners used before): values only, no Vert.x instance needed
            PemKeyCertOptions pem = new PemKeyCertOptions().setCertValue(Buffer.buffer(certPem)).setKeyValue(Buffer.buffer(keyPem));
            KeyManager[] managers = pem.getKeyManagerFactory(null).getKeyManagers();
            km = (X509KeyManager) managers[0];
        } catch (Exception e) {
            throw new GeneralSecurityException("unreadable key or certificate: " + e.getMessage(), e);
        }
        String alias = null;
        for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519", "Ed448"}) {
            String[] aliases = km.getServerAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                alias = aliases[0];
                break;
            }
        }
        if (alias == null || km.getCertificateChain(alias) == null || km.getCertificateChain(alias).length == 0) {
            throw new GeneralSecurityException("no private key with a certificate found in " + key + " and " + cert);
        }
        TlsMaterial m = new TlsMaterial(certPem, keyPem, km.getCertificateChain(alias), km.getPrivateKey(alias), source);
        m.checkKeyMatches();
        return m;
    }

    public X509Certificate leaf() {
        return chain[0];
    }

    X509Certificate[] chain() {
        return chain;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public String source() {
        return source;
    }

    /** Whether the files had the same contents. */
    public boolean sameBytes(TlsMaterial other) {
        return other != null && Arrays.equals(certPem, other.certPem) && Arrays.equals(keyPem, other.keyPem);
    }

    private void checkKeyMatches() throws GeneralSecurityException {
        String algorithm = signatureAlgorithm(leaf().getPublicKey());
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf().getPublicKey());
        verifier.update(challenge);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate "
                    + leaf().getSubjectX500Principal().getName());
        }
    }

    private static String signatureAlgorithm(PublicKey key) throws GeneralSecurityException {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    /** Where it came from and what it is; never the key. */
    @Override
    public String toString() {
        return source + " (subject " + leaf().getSubjectX500Principal().getName() + ", valid until "
                + leaf().getNotAfter().toInstant() + ")";
    }
}
