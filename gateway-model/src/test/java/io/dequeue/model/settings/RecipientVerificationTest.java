package io.dequeue.model.settings;

import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientVerificationTest {

    @Test
    void offAcceptsEveryLocalPart() {
        assertThat(RecipientVerification.OFF.enabled()).isFalse();
        assertThat(RecipientVerification.OFF.validLocalParts()).isEmpty();
        assertThat(RecipientVerification.OFF.accepts("anyone")).isTrue();
        assertThat(new RecipientVerification(List.of())).isEqualTo(RecipientVerification.OFF);
    }

    @Test
    void listIsLowerCasedSortedAndDistinct() {
        RecipientVerification v = new RecipientVerification(List.of("Sales", "bob", "BOB", "postmaster"));
        assertThat(v.enabled()).isTrue();
        assertThat(v.validLocalParts()).containsExactly("bob", "postmaster", "sales");
        assertThat(v).isEqualTo(new RecipientVerification(List.of("postmaster", "sales", "bob")));
    }

    @Test
    void acceptsOnlyListedLocalPartsIgnoringCase() {
        RecipientVerification v = new RecipientVerification(List.of("Sales", "bob", "first.last"));
        assertThat(v.accepts("sales")).isTrue();
        assertThat(v.accepts("SALES")).isTrue();
        assertThat(v.accepts("Bob")).isTrue();
        assertThat(v.accepts("First.Last")).isTrue();
        assertThat(v.accepts("alice")).isFalse();
        assertThat(v.accepts("bob2")).isFalse();
        assertThat(v.accepts("")).isFalse();
    }

    @Test
    void localPartsMustBeOneTo64Characters() {
        assertThatThrownBy(() -> new RecipientVerification(List.of("ok", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> new RecipientVerification(List.of("x".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RecipientVerification(List.of("x".repeat(64))).accepts("X".repeat(64))).isTrue();
    }

    @Test
    void listIsImmutable() {
        RecipientVerification v = new RecipientVerification(Arrays.asList("b", "a"));
        assertThatThrownBy(() -> v.validLocalParts().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonHasOnlyTheList() {
        RecipientVerification v = new RecipientVerification(List.of("Sales", "bob"));
        assertThat(Json.writeString(v)).isEqualTo("{\"validLocalParts\":[\"bob\",\"sales\"]}");
        assertThat(Json.read("{\"validLocalParts\":[\"SALES\",\"bob\"]}", RecipientVerification.class)).isEqualTo(v);
        assertThat(Json.read("{}", RecipientVerification.class)).isEqualTo(RecipientVerification.OFF);
    }
}
