package io.dequeue.model;

/** A text that is not a valid domain name; the message says why. */
public class InvalidDomainNameException extends IllegalArgumentException {
    private final String reason;

    public InvalidDomainNameException(String input, String reason) {
        super("invalid domain name" + (input == null ? "" : " '" + printable(input) + "'") + ": " + reason);
        this.reason = reason;
    }

    /** Why the name is invalid, without the input itself. */
    public String reason() {
        return reason;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.toString();
    }
}
