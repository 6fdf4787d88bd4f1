package io.dequeue.queue.timeline;

import io.dequeue.model.event.LifecycleEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Settlement#maySettle} must be true for every event that {@link Settlement#settles} can settle a message with. */
class SettlementTest {
    private static final Instant T = Instant.parse("2026-05-04T08:00:00Z");

    @Test
    void anEventThatMayNotSettleNeverSettles() {
        // a one-recipient message whose recipient is delivered or failed by the event itself: the
        // most an event can do
        MessageSummary s = MessageSummary.placeholder("example.net")
                .withEnvelope("q1", "a@example.com", List.of("b@example.net"), 10, T, null, false);
        List<Map<String, Object>> detailSets = List.of(Map.of(), Map.of("recipient", "b@example.net"),
                Map.of("handedOverTo", "other.example"), Map.of("principal", "admin"));
        int settling = 0;
        for (LifecycleEvent.Type type : LifecycleEvent.Type.values()) {
            String name = type.wireName();
            for (Map<String, Object> details : detailSets) {
                TimelineEvent e = new TimelineEvent(name, T, "test", details);
                List<TimelineEvent> all = new ArrayList<>(List.of(e));
                String how = Settlement.settles(s, e, all);
                if (how != null) {
                    settling++;
                    assertThat(Settlement.maySettle(e)).as(name + " " + details + " settles as " + how).isTrue();
                }
            }
        }
        assertThat(settling).as("some events settle").isGreaterThan(4);
    }
}
