package io.dequeue.fetch;

import java.util.Locale;

/** The SASL mechanisms the client speaks. PLAIN and LOGIN send the password and need TLS. */
public enum AuthMechanism {
    CRAM_MD5("CRAM-MD5", false),
    PLAIN("PLAIN", true),
    LOGIN("LOGIN", true);

    private final String saslName;
    private final boolean needsTls;

    AuthMechanism(String saslName, boolean needsTls) {
        this.saslName = saslName;
        this.needsTls = needsTls;
    }

    public String saslName() {
        return saslName;
    }

    /** True when the mechanism sends the password itself, so it is refused without TLS. */
    public boolean needsTls() {
        return needsTls;
    }

    /** Parses {@code cram-md5 | plain | login}. */
    public static AuthMechanism parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "cram-md5" -> CRAM_MD5;
            case "plain" -> PLAIN;
            case "login" -> LOGIN;
            default -> throw new IllegalArgumentException("auth must be cram-md5, plain or login: " + text);
        };
    }
}
