package io.dequeue.queue.timeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The Message-ID header field as the timeline indexes it, and its limits. */
class HeaderMessageIdTest {
    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFieldIsFoundInAnyCaseUnfoldedAndTrimmed() {
        assertThat(HeaderMessageId.of(raw("From: a@b\r\nmessage-ID:  <x1@example.com> \r\n\r\nMessage-ID: <body>\r\n")))
                .isEqualTo("<x1@example.com>");
        assertThat(HeaderMessageId.of(raw("Message-ID:\r\n <folded@example.com>\r\nSubject: s\r\n\r\n")))
                .isEqualTo("<folded@example.com>");
    }

    @Test
    void onlyTheHeaderSectionCounts() {
        assertThat(HeaderMessageId.of(raw("From: a@b\r\n\r\nMessage-ID: <in-body@example.com>\r\n"))).isNull();
        assertThat(HeaderMessageId.of(raw("From: a@b\r\n\r\n"))).isNull();
        assertThat(HeaderMessageId.of(new byte[0])).isNull();
    }

    @Test
    void aFieldPastTheScanLimitIsNotIndexed() {
        String filler = "X-Filler: " + "y".repeat(990) + "\r\n";
        StringBuilder head = new StringBuilder();
        while (head.length() < HeaderMessageId.SCAN_LIMIT) {
            head.append(filler);
        }
        assertThat(HeaderMessageId.of(raw(head + "Message-ID: <late@example.com>\r\n\r\n"))).isNull();
        assertThat(HeaderMessageId.of(raw(filler + "Message-ID: <early@example.com>\r\n\r\n")))
                .isEqualTo("<early@example.com>");
    }

    @Test
    void normalizeAddsAngleBracketsAndRefusesWhatCannotBeAKey() {
        assertThat(HeaderMessageId.normalize(" abc@example.com ")).isEqualTo("<abc@example.com>");
        assertThat(HeaderMessageId.normalize("<abc@example.com>")).isEqualTo("<abc@example.com>");
        assertThat(HeaderMessageId.normalize("   ")).isNull();
        assertThat(HeaderMessageId.normalize("<a\u0000b>")).isNull();
        assertThat(HeaderMessageId.normalize("<" + "a".repeat(HeaderMessageId.MAX_LENGTH - 2) + ">")).isNotNull();
        assertThat(HeaderMessageId.normalize("<" + "a".repeat(HeaderMessageId.MAX_LENGTH - 1) + ">")).isNull();
    }

    @Test
    void timelineLimitsMustBePositive() {
        TimelineOptions d = TimelineOptions.defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withRetention(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withLimits(0, 200))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withLimits(10, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(d.withLimits(12, 200).maxSettledPerPartition()).isEqualTo(2);
        assertThat(d.withLimits(1, 200).maxSettledPerPartition()).isEqualTo(1);
    }
}
