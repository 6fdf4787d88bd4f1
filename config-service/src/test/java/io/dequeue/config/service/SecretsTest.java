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
        assertThat(Secrets.next(withPads, PasswordChange.KEEP, true, FAST)).isSameAs(withPads);
        StoredSecret stripped = Secrets.next(withPads, PasswordChange.KEEP, false, FAST);
        assertThat(stripped.cramMd5()).isNull();
        assertThat(stripped.pbkdf2()).isSameAs(withPads.pbkdf2());
        assertThatThrownBy(() -> Secrets.next(stripped, PasswordChange.KEEP, true, FAST))
                .isInstanceOf(ConfigProblem.PasswordRequired.class);
        assertThat(Secrets.next(null, PasswordChange.KEEP, true, FAST)).isNull();
        assertThat(Secrets.next(withPads, PasswordChange.CLEAR, true, FAST)).isNull();
    }

    @Test
    void theImportHashesAgainOnlyWhatNoLongerVerifies() {
        StoredSecret current = StoredSecret.fromPassword("pw".toCharArray(), false, FAST);
        assertThat(Secrets.reconciled(current, new PasswordChange.Set("pw".toCharArray()), false, FAST)).isSameAs(current);
        StoredSecret withPads = Secrets.reconciled(current, new PasswordChange.Set("pw".toCharArray()), true, FAST);
        assertThat(withPads.cramMd5()).isNotNull();
        assertThat(withPads.verifyPassword("pw".toCharArray())).isTrue();
        StoredSecret changed = Secrets.reconciled(current, new PasswordChange.Set("new".toCharArray()), false, FAST);
        assertThat(changed.verifyPassword("new".toCharArray())).isTrue();
        assertThat(new PasswordChange.Set("pw".toCharArray()).toString()).doesNotContain("pw");
    }

    @Test
    void aHashWithFewerIterationsStillVerifiesAndIsReplacedAtTheNextChange() {
        StoredSecret old = StoredSecret.fromPassword("pw".toCharArray(), false, FAST);
        assertThat(old.pbkdf2().iterations()).isEqualTo(FAST);
        // kept as it is while nothing changes, and it still verifies
        assertThat(Secrets.next(old, PasswordChange.KEEP, false, 2 * FAST)).isSameAs(old);
        assertThat(old.verifyPassword("pw".toCharArray())).isTrue();
        // a password change hashes with the configured count
        StoredSecret changed = Secrets.next(old, new PasswordChange.Set("pw2".toCharArray()), false, 2 * FAST);
        assertThat(changed.pbkdf2().iterations()).isEqualTo(2 * FAST);
        assertThat(changed.pbkdf2().encoded()).startsWith("pbkdf2-sha256$" + 2 * FAST + "$");
        // the import, declaring the same password, upgrades the hash too (and only then)
        StoredSecret upgraded = Secrets.reconciled(old, new PasswordChange.Set("pw".toCharArray()), false, 2 * FAST);
        assertThat(upgraded.pbkdf2().iterations()).isEqualTo(2 * FAST);
        assertThat(upgraded.verifyPassword("pw".toCharArray())).isTrue();
        assertThat(Secrets.reconciled(upgraded, new PasswordChange.Set("pw".toCharArray()), false, 2 * FAST))
                .isSameAs(upgraded);
    }
}
