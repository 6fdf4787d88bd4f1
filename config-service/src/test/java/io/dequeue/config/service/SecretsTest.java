package io.dequeue.config.service;

import io.dequeue.model.credential.StoredSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {
    private static final int FAST = 1_000;

    @Test
    void keepingAPasswordFollowsTheCramMd5Setting() {
        StoredSecret withPads = StoredSecret.fromPassword("pw".toCharArray(), true, FAST);
        assertThat(Secrets.next(withPads, PasswordChange.KEEP, true)).isSameAs(withPads);
        StoredSecret stripped = Secrets.next(withPads, PasswordChange.KEEP, false);
        assertThat(stripped.cramMd5()).isNull();
        assertThat(stripped.pbkdf2()).isSameAs(withPads.pbkdf2());
        assertThatThrownBy(() -> Secrets.next(stripped, PasswordChange.KEEP, true))
                .isInstanceOf(ConfigProblem.PasswordRequired.class);
        assertThat(Secrets.next(null, PasswordChange.KEEP, true)).isNull();
        assertThat(Secrets.next(withPads, PasswordChange.CLEAR, true)).isNull();
    }

    @Test
    void theImportHashesAgainOnlyWhatNoLongerVerifies() {
        StoredSecret current = StoredSecret.fromPassword("pw".toCharArray(), false, FAST);
        assertThat(Secrets.reconciled(current, new PasswordChange.Set("pw".toCharArray()), false)).isSameAs(current);
        StoredSecret withPads = Secrets.reconciled(current, new PasswordChange.Set("pw".toCharArray()), true);
        assertThat(withPads.cramMd5()).isNotNull();
        assertThat(withPads.verifyPassword("pw".toCharArray())).isTrue();
        StoredSecret changed = Secrets.reconciled(current, new PasswordChange.Set("new".toCharArray()), false);
        assertThat(changed.verifyPassword("new".toCharArray())).isTrue();
        assertThat(new PasswordChange.Set("pw".toCharArray()).toString()).doesNotContain("pw");
    }
}
