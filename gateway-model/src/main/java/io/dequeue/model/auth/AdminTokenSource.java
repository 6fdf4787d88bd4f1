package io.dequeue.model.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the admin token comes from: {@code dequeue.admin.token} (env {@code DEQUEUE_ADMIN_TOKEN})
 * or {@code dequeue.admin.token-file} (env {@code DEQUEUE_ADMIN_TOKEN_FILE}, a file holding it,
 * such as a mounted Secret), trimmed. There is no default: a service with an admin API and no
 * token, or a token shorter than {@link #MIN_LENGTH}, refuses to start with a message that says
 * how to set one. The token never appears in a message.
 */
public final class AdminTokenSource {
    /** The shortest admin token accepted. */
    public static final int MIN_LENGTH = 16;
    static final String HOW = "Set DEQUEUE_ADMIN_TOKEN (dequeue.admin.token) to a random value of at least " + MIN_LENGTH
            + " characters, or DEQUEUE_ADMIN_TOKEN_FILE (dequeue.admin.token-file) to a file holding it (e.g. a "
            + "mounted Secret); for example: DEQUEUE_ADMIN_TOKEN=$(openssl rand -hex 32).";

    /** Why the service cannot start: no token, two sources, an unreadable file or a too short token. */
    public static final class InvalidAdminToken extends RuntimeException {
        InvalidAdminToken(String message) {
            super(message, null, false, false);
        }
    }

    private AdminTokenSource() {
    }

    /** The admin token from exactly one of the two settings; both absent or blank count as not set. */
    public static String resolve(Optional<String> token, Optional<Path> file) {
        Optional<String> direct = token.map(String::strip).filter(s -> !s.isEmpty());
        if (direct.isPresent() && file.isPresent()) {
            throw new InvalidAdminToken("Both dequeue.admin.token and dequeue.admin.token-file are set: set only one. " + HOW);
        }
        String value;
        if (direct.isPresent()) {
            value = direct.get();
        } else if (file.isPresent()) {
            value = read(file.get());
        } else {
            throw new InvalidAdminToken("No admin token is configured, so the admin API cannot be protected. " + HOW);
        }
        if (value.codePointCount(0, value.length()) < MIN_LENGTH) {
            throw new InvalidAdminToken("The admin token is too short (" + value.codePointCount(0, value.length())
                    + " characters; at least " + MIN_LENGTH + " are needed). " + HOW);
        }
        return value;
    }

    private static String read(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new InvalidAdminToken("The admin token file " + file + " is empty. " + HOW);
            }
            return value;
        } catch (IOException e) {
            throw new InvalidAdminToken("The admin token file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "). " + HOW);
        }
    }
}
