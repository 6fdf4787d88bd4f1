package io.dequeue.model.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The startup check of the admin token: no default, one source, long enough; the message says how. */
class AdminTokenSourceTest {
    private static final String GOOD = "0123456789abcdef-token";

    @Test
    void withoutATokenTheServiceDoesNotStartAndIsToldHowToSetOne() {
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.empty(), Optional.empty()))
                .isInstanceOf(AdminTokenSource.InvalidAdminToken.class)
                .hasMessageContaining("No admin token is configured")
                .hasMessageContaining("DEQUEUE_ADMIN_TOKEN")
                .hasMessageContaining("DEQUEUE_ADMIN_TOKEN_FILE");
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.of("   "), Optional.empty()))
                .hasMessageContaining("No admin token is configured");
    }

    @Test
    void theBeanChecksAtStartAndHasNoDefault() {
        AdminToken bean = new AdminToken();
        bean.configured = Optional.empty();
        bean.file = Optional.empty();
        assertThatThrownBy(bean::init).isInstanceOf(AdminTokenSource.InvalidAdminToken.class)
                .hasMessageContaining("DEQUEUE_ADMIN_TOKEN");
        bean.configured = Optional.of(GOOD);
        bean.init();
        assertThat(bean.check("Bearer " + GOOD)).isEqualTo(BearerToken.Check.VALID);
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.of("short-s3cret"), Optional.empty()))
                .hasMessageContaining("too short (12 characters; at least 16")
                .message().doesNotContain("short-s3cret");
        assertThat(AdminTokenSource.resolve(Optional.of(" " + "x".repeat(16) + "\n"), Optional.empty()))
                .isEqualTo("x".repeat(16));
    }

    @Test
    void theTokenFileIsReadAndTrimmed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, GOOD + "\n");
        assertThat(AdminTokenSource.resolve(Optional.empty(), Optional.of(f))).isEqualTo(GOOD);

        Files.writeString(f, "\n  \n");
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.empty(), Optional.of(f))).hasMessageContaining("is empty");
        Files.writeString(f, "too-short\n");
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.empty(), Optional.of(f))).hasMessageContaining("too short")
                .message().doesNotContain("too-short");
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.empty(), Optional.of(dir.resolve("missing"))))
                .hasMessageContaining("cannot be read").hasMessageContaining("DEQUEUE_ADMIN_TOKEN");
    }

    @Test
    void bothSourcesAtOnceAreRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, GOOD);
        assertThatThrownBy(() -> AdminTokenSource.resolve(Optional.of(GOOD), Optional.of(f)))
                .hasMessageContaining("set only one");
    }
}
