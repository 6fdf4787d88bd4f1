package io.dequeue.model.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {
    private final BearerToken token = new BearerToken("s3cret-token");

    @Test
    void acceptsOnlyTheExactTokenAfterBearer() {
        assertThat(token.check("Bearer s3cret-token")).isEqualTo(BearerToken.Check.VALID);
        assertThat(token.check("bearer   s3cret-token ")).isEqualTo(BearerToken.Check.VALID);
        assertThat(token.check("Bearer s3cret-token2")).isEqualTo(BearerToken.Check.INVALID);
        assertThat(token.check("Bearer s3cret")).isEqualTo(BearerToken.Check.INVALID);
        assertThat(token.check("Bearer ")).isEqualTo(BearerToken.Check.MISSING);
        assertThat(token.check("Basic s3cret-token")).isEqualTo(BearerToken.Check.MISSING);
        assertThat(token.check(null)).isEqualTo(BearerToken.Check.MISSING);
        assertThat(token.check("")).isEqualTo(BearerToken.Check.MISSING);
    }

    @Test
    void neverShowsTheToken() {
        assertThat(token.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new BearerToken(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChallengeSaysWhetherATokenWasSentButWrong() {
        assertThat(AdminToken.challenge(BearerToken.Check.MISSING)).isEqualTo("Bearer realm=\"dequeue\"");
        assertThat(AdminToken.challenge(BearerToken.Check.INVALID))
                .isEqualTo("Bearer realm=\"dequeue\", error=\"invalid_token\"");
        assertThat(AdminToken.detail(BearerToken.Check.INVALID)).doesNotContain("s3cret");
    }
}
