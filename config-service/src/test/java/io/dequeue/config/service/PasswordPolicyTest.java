package io.dequeue.config.service;

import io.dequeue.model.DomainName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which gateway passwords are too weak, and that the reasons never repeat the password. */
class PasswordPolicyTest {
    private static final DomainName DOMAIN = DomainName.parse("client.example");

    @ParameterizedTest
    @ValueSource(strings = {"changeme", "s3cret-pw", "short-pw-11"})
    void shorterThanTwelveCharactersIsRefused(String pw) {
        assertThat(PasswordPolicy.whyWeak(pw.toCharArray(), DOMAIN)).isEqualTo("must be at least 12 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "Password123!", "P@ssw0rd2024!", "qwertyuiop12", "1q2w3e4r5t6y",
            "iloveyou2026", "letmein-letmein", "correcthorsebatterystaple", "Welcome12345", "administrator1",
            "sunshine-monkey", "dragondragon", "changeme12345", "Passw0rd.2024", "trustno1trustno1", "zaq12wsxcde3"})
    void commonPasswordsAndTheirVariantsAreRefused(String pw) {
        assertThat(PasswordPolicy.whyWeak(pw.toCharArray(), DOMAIN)).isNotNull().doesNotContain(pw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaa", "abababababab", "112211221122", "123456789012", "987654321098"})
    void patternsAreRefused(String pw) {
        assertThat(PasswordPolicy.whyWeak(pw.toCharArray(), DOMAIN)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"client.example", "client.example2026", "Client-Example-1!", "clientexample123", "client2026!!"})
    void theDomainNameWithLittleElseIsRefused(String pw) {
        String why = PasswordPolicy.whyWeak(pw.toCharArray(), DOMAIN);
        assertThat(why).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vT8#qLm2!xZr9w", "purple-lantern-oxbow-42", "odmr-pass-ok-7Kq2", "Tq4v-9LmZ-r2Wx-8Hs",
            "client-Wq7#pZ2vLm9"})
    void strongPasswordsAreAccepted(String pw) {
        assertThat(PasswordPolicy.whyWeak(pw.toCharArray(), DOMAIN)).isNull();
    }

    @Test
    void theListIsARepositoryResourceOfSeveralHundredEntries() {
        assertThat(PasswordPolicy.commonCount()).isGreaterThan(500);
        assertThat(PasswordPolicy.MIN_LENGTH).isGreaterThanOrEqualTo(12);
    }
}
