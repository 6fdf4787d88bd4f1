package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {

    static final ZonedDateTime WHEN = ZonedDateTime.of(2025, 6, 3, 9, 5, 7, 0, ZoneOffset.UTC);

    @Test
    void singleRecipientOverTlsWithAuth() {
        byte[] b = ReceivedHeader.build("client.example", SocketAddress.inetSocketAddress(40000, "203.0.113.7"), "mx.gw.test",
                true, true, true, "01JX0000000000000000", "user@in.edge.test", WHEN);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo(
                "Received: from client.example ([203.0.113.7])\r\n"
                        + "\tby mx.gw.test (Dequeue) with ESMTPSA id 01JX0000000000000000\r\n"
                        + "\tfor <user@in.edge.test>;\r\n"
                        + "\tTue, 3 Jun 2025 09:05:07 +0000\r\n");
    }

    @Test
    void severalRecipientsIPv6AndHelo() {
        String s = new String(ReceivedHeader.build("[192.0.2.9]", SocketAddress.inetSocketAddress(25, "2001:db8::7"), "mx.gw.test",
                false, false, false, "ID", null, WHEN), StandardCharsets.US_ASCII);
        assertThat(s).isEqualTo("Received: from [192.0.2.9] ([IPv6:2001:db8:0:0:0:0:0:7])\r\n"
                + "\tby mx.gw.test (Dequeue) with SMTP id ID;\r\n"
                + "\tTue, 3 Jun 2025 09:05:07 +0000\r\n");
    }

    @Test
    void protocolNames() {
        assertThat(ReceivedHeader.protocol(true, false, false)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.protocol(true, true, false)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.protocol(true, false, true)).isEqualTo("ESMTPA");
        assertThat(ReceivedHeader.protocol(true, true, true)).isEqualTo("ESMTPSA");
        assertThat(ReceivedHeader.protocol(false, true, false)).isEqualTo("SMTP");
    }

    @Test
    void queueIdsAreUniqueSortableAndPrintable() {
        assertThat(QueueIds.next(0, 0)).isEqualTo("00000000000000000000");
        assertThat(QueueIds.next(1, -1L)).isEqualTo("0000000001" + "ZZZZZZZZZZ");
        String a = QueueIds.next(1_700_000_000_000L, 5);
        String b = QueueIds.next(1_700_000_000_001L, 1);
        assertThat(a).hasSize(20).matches("[0-9A-HJKMNP-TV-Z]{20}");
        assertThat(a.compareTo(b)).isNegative();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(QueueIds.next())).isTrue();
        }
    }
}
