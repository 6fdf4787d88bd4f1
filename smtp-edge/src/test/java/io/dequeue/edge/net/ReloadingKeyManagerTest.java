package io.dequeue.edge.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReloadingKeyManagerTest {
    @TempDir
    Path dir;

    private TlsMaterial material(String name) throws Exception {
        SelfSignedCertificate.PemFiles f = SelfSignedCertificate.ensure(dir.resolve(name), List.of(name), Duration.ofDays(1));
        return TlsMaterial.read(f.cert(), f.key(), name);
    }

    @Test
    void aHandshakeThatChoseItsAliasBeforeASwapGetsAChainAndKeyThatBelongTogether() throws Exception {
        TlsMaterial a = material("a.km.test");
        TlsMaterial b = material("b.km.test");
        ReloadingKeyManager km = new ReloadingKeyManager(a);

        String during = km.chooseEngineServerAlias("RSA", null, null);
        km.use(b);
        // the handshake in progress goes on with what its alias named
        assertThat(km.getCertificateChain(during)[0]).isEqualTo(a.leaf());
        assertThat(km.getPrivateKey(during)).isEqualTo(a.privateKey());
        // a new one gets the new pair
        String after = km.chooseEngineServerAlias("RSA", null, null);
        assertThat(after).isNotEqualTo(during);
        assertThat(km.getCertificateChain(after)[0]).isEqualTo(b.leaf());
        assertThat(km.getPrivateKey(after)).isEqualTo(b.privateKey());
        assertThat(km.material()).isSameAs(b);
    }

    @Test
    void onlyTheKeysOwnAlgorithmIsOfferedAndUnknownAliasesHaveNothing() throws Exception {
        ReloadingKeyManager km = new ReloadingKeyManager(material("a.km.test"));
        assertThat(km.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(km.getServerAliases("RSA", null)).hasSize(1);
        assertThat(km.getCertificateChain("edge-99")).isNull();
        assertThat(km.getPrivateKey("edge-99")).isNull();
        assertThat(km.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
    }

    @Test
    void aKeyFromAnotherPairIsRefused() throws Exception {
        SelfSignedCertificate.PemFiles a = SelfSignedCertificate.ensure(dir.resolve("a"), List.of("a.km.test"), Duration.ofDays(1));
        SelfSignedCertificate.PemFiles b = SelfSignedCertificate.ensure(dir.resolve("b"), List.of("b.km.test"), Duration.ofDays(1));
        assertThatThrownBy(() -> TlsMaterial.read(a.cert(), b.key(), "mixed"))
                .hasMessageContaining("does not belong to the certificate CN=a.km.test");
        assertThat(TlsMaterial.read(a.cert(), a.key(), "a").toString()).contains("CN=a.km.test").doesNotContain("PRIVATE");
    }
}
