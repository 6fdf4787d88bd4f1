package io.dequeue.edge.net;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * The key manager behind every TLS listener of the edge: each handshake asks it for the server's
 * certificate and key, and it answers with the current {@link TlsMaterial}. Swapping the material
 * ({@link #use}) changes what the next handshakes get; the listeners and their TLS contexts stay as
 * they are, and connections already established keep their sessions.
 *
 * <p>A handshake asks for an alias first and for the chain and key of that alias afterwards; the
 * alias names the material's generation, and the previous generation stays resolvable, so that a
 * handshake in progress during a swap gets a chain and key that belong together.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private record Generation(long number, TlsMaterial material) {
        String alias() {
            return "edge-" + number;
        }
    }

    private volatile Generation current;
    private volatile Generation previous;

    ReloadingKeyManager(TlsMaterial first) {
        current = new Generation(1, first);
    }

    /** Serves {@code next} to the handshakes from now on. */
    synchronized void use(TlsMaterial next) {
        Generation now = current;
        previous = now;
        current = new Generation(now.number() + 1, next);
    }

    TlsMaterial material() {
        return current.material();
    }

    private String alias(String[] keyTypes) {
        Generation g = current;
        String algorithm = g.material().privateKey().getAlgorithm();
        if (keyTypes == null) {
            return g.alias();
        }
        for (String t : keyTypes) {
            if (t != null && (t.equals(algorithm) || (algorithm.startsWith("Ed") && t.startsWith("Ed")))) {
                return g.alias();
            }
        }
        return null;
    }

    private TlsMaterial byAlias(String alias) {
        for (Generation g : new Generation[] {current, previous}) {
            if (g != null && g.alias().equals(alias)) {
                return g.material();
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(new String[] {keyType});
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(new String[] {keyType});
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(new String[] {keyType});
        return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsMaterial m = byAlias(alias);
        return m == null ? null : m.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsMaterial m = byAlias(alias);
        return m == null ? null : m.privateKey();
    }

    // The edge does not authenticate itself as a TLS client with these.
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String toString() {
        return "ReloadingKeyManager" + Map.of("generation", current.number());
    }
}
