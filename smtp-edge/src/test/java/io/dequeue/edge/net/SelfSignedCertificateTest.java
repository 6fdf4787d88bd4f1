package io.dequeue.edge.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @Test
    void generatesOnceAndReuses(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir, List.of("mx.gw.test"), Duration.ofDays(3650));
        assertThat(first.generated()).isTrue();
        String pem = Files.readString(first.cert());
        SelfSignedCertificate.PemFiles second = SelfSignedCertificate.ensure(dir, List.of("other.name"), Duration.ofDays(1));
        assertThat(second.generated()).isFalse();
        assertThat(Files.readString(second.cert())).isEqualTo(pem);
        assertThat(Files.getPosixFilePermissions(first.key())).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    SelfSignedCertificate.CERT_FILE, SelfSignedCertificate.KEY_FILE);
        }
    }

    @Test
    void isAValidSelfSignedServerCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, List.of("mx.gw.test", "gw.test"), Duration.ofDays(3650));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(files.cert())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.checkValidity();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mx.gw.test");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).isTrue();
        assertThat(cert.getKeyUsage()[2]).isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        List<String> names = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            names.add(san.get(0) + ":" + san.get(1));
        }
        assertThat(names).contains("2:mx.gw.test", "2:gw.test", "2:localhost", "7:127.0.0.1");
        assertThat(cert.getNotAfter().toInstant()).isAfter(java.time.Instant.now().plus(Duration.ofDays(3000)));

        String keyPem = Files.readString(files.key());
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key.getModulus()).isEqualTo(((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus());
    }

    @Test
    void derLengthsAndOids() {
        assertThat(Der.tlv(0x04, new byte[5])).startsWith(0x04, 5);
        assertThat(Der.tlv(0x04, new byte[200])).startsWith(0x04, 0x81, 200);
        assertThat(Der.tlv(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c);
        assertThat(Der.tlv(0x04, new byte[70000])).startsWith(0x04, 0x83, 0x01, 0x11, 0x70);
        assertThat(Der.oid("1.2.840.113549.1.1.11")).containsExactly(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b);
        assertThat(Der.oid("2.5.29.17")).containsExactly(0x06, 0x03, 0x55, 0x1d, 0x11);
    }
}
