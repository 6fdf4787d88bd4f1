package io.dequeue.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.reply.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void parsesKeywordsAndParameters() {
        Reply ehlo = Reply.of(250, null, List.of("mx.example Hello", "pipelining", "SIZE 52428800", "8BITMIME", "DSN",
                "STARTTLS", "AUTH PLAIN LOGIN", "AUTH=CRAM-MD5", "ENHANCEDSTATUSCODES"));
        Capabilities c = Capabilities.parse(ehlo);
        assertThat(c.extended()).isTrue();
        assertThat(c.pipelining()).isTrue();
        assertThat(c.size()).isTrue();
        assertThat(c.maxSize()).isEqualTo(52428800L);
        assertThat(c.eightBitMime()).isTrue();
        assertThat(c.dsn()).isTrue();
        assertThat(c.startTls()).isTrue();
        assertThat(c.authMechanisms()).containsExactly("PLAIN", "LOGIN", "CRAM-MD5");
        assertThat(c.has("enhancedstatuscodes")).isTrue();
    }

    @Test
    void sizeWithoutLimitAndHeloHaveNoLimitOrExtensions() {
        Capabilities c = Capabilities.parse(Reply.of(250, null, List.of("mx", "SIZE")));
        assertThat(c.size()).isTrue();
        assertThat(c.maxSize()).isZero();
        assertThat(Capabilities.NONE.pipelining()).isFalse();
        assertThat(Capabilities.NONE.authMechanisms()).isEmpty();
        assertThat(Capabilities.parse(Reply.of(250, "mx.example")).keywords()).isEmpty();
    }
}
