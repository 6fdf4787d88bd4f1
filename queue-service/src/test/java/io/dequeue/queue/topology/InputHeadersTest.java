package io.dequeue.queue.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class InputHeadersTest {
    private static Record<String, String> consumed() {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_type", "io.dequeue.mail.accepted".getBytes(StandardCharsets.UTF_8));
        return new Record<>("example.org", "value", 42L, h);
    }

    @Test
    void aDroppedRecordKeepsKeyValueAndTimeButNoHeaders() {
        Record<String, String> in = consumed();
        Record<String, String> out = InputHeaders.dropped(in);
        assertThat(out.key()).isEqualTo("example.org");
        assertThat(out.value()).isEqualTo("value");
        assertThat(out.timestamp()).isEqualTo(42L);
        assertThat(out.headers().toArray()).isEmpty();
        assertThat(in.headers().toArray()).hasSize(1);
    }

    @Test
    void theDropperForwardsEveryRecordWithoutItsHeaders() {
        Processor<String, String, String, String> p = InputHeaders.<String, String>dropper().get();
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        p.init(context);
        p.process(consumed());
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().headers().toArray()).isEmpty();
        assertThat(context.forwarded().get(0).record().value()).isEqualTo("value");
    }
}
