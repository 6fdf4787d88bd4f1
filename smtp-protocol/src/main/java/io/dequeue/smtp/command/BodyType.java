package io.dequeue.smtp.command;

/** The MAIL {@code BODY} parameter values accepted (RFC 6152). */
public enum BodyType {
    SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    /** The parameter value as written on the wire. */
    public String keyword() {
        return keyword;
    }
}
