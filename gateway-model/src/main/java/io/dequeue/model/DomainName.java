package io.dequeue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.IDN;
import java.util.Locale;

/**
 * A DNS domain name in its canonical form: lower-case ASCII, IDNA A-labels, no trailing dot.
 *
 * <p>This is the key of every topic of the contract. {@link #parse(String)} accepts U-labels
 * ({@code bücher.example}) and converts them; anything that is not a valid host name is rejected
 * with an {@link InvalidDomainNameException} whose message says why. U-labels with an IDNA
 * deviation character ({@code ß}, final sigma, ZWJ, ZWNJ) are rejected: give those in A-label form.
 */
public record DomainName(String value) implements Comparable<DomainName> {
    /** Longest name in presentation form without the trailing dot (RFC 1035: 255 octets on the wire). */
    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL_LENGTH = 63;

    public DomainName {
        String reason = whyInvalid(value);
        if (reason != null) {
            throw new InvalidDomainNameException(value, reason);
        }
    }

    /** Parses a domain as a person or a client wrote it: case-insensitive, U-labels allowed, one trailing dot allowed. */
    @JsonCreator
    public static DomainName parse(String text) {
        if (text == null) {
            throw new InvalidDomainNameException(null, "no domain name given");
        }
        String s = text.strip();
        if (s.endsWith(".") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new InvalidDomainNameException(text, "the name is empty");
        }
        boolean ascii = s.chars().allMatch(c -> c < 0x80);
        if (!ascii) {
            String deviation = deviation(s);
            if (deviation != null) {
                throw new InvalidDomainNameException(text, "it contains " + deviation
                        + ", which IDNA2003 and IDNA2008 turn into different domains; give the name as A-labels (xn--...)");
            }
            try {
                s = IDN.toASCII(s, 0);
            } catch (IllegalArgumentException e) {
                throw new InvalidDomainNameException(text, "not a valid internationalised name");
            }
        }
        return new DomainName(s.toLowerCase(Locale.ROOT));
    }

    /**
     * The first IDNA "deviation" character of a U-label name (UTS #46 section 4.1), or null. The
     * JDK's IDNA2003 maps them away ({@code straße} to {@code strasse}), IDNA2008, which
     * registries and mail software use today, keeps them ({@code xn--strae-oqa}): the same text
     * would name two different domains, so such a name is only accepted in A-label form.
     */
    private static String deviation(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '\u00DF':
                    return "U+00DF (sharp s)";
                case '\u03C2':
                    return "U+03C2 (final sigma)";
                case '\u200C':
                    return "U+200C (zero width non-joiner)";
                case '\u200D':
                    return "U+200D (zero width joiner)";
                default:
                    break;
            }
        }
        return null;
    }

    /** Whether the text is a valid domain name, without throwing. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidDomainNameException e) {
            return false;
        }
    }

    private static String whyInvalid(String v) {
        if (v == null || v.isEmpty()) {
            return "the name is empty";
        }
        if (v.length() > MAX_LENGTH) {
            return "the name is longer than " + MAX_LENGTH + " characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= v.length(); i++) {
            if (i == v.length() || v.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    return "the name has an empty label";
                }
                if (len > MAX_LABEL_LENGTH) {
                    return "a label is longer than " + MAX_LABEL_LENGTH + " characters";
                }
                if (v.charAt(labelStart) == '-' || v.charAt(i - 1) == '-') {
                    return "a label starts or ends with a hyphen";
                }
                labelStart = i + 1;
                continue;
            }
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                if (c >= 'A' && c <= 'Z') {
                    return "the name is not lower-case (use DomainName.parse)";
                }
                return "the name contains a character that is not a letter, digit, hyphen or dot";
            }
        }
        int lastDot = v.lastIndexOf('.');
        String tld = v.substring(lastDot + 1);
        if (tld.chars().allMatch(Character::isDigit)) {
            return "the last label is numeric (an IP address is not a domain name)";
        }
        return null;
    }

    /** True when this name equals {@code parent} or lies under it. */
    public boolean isWithin(DomainName parent) {
        return value.equals(parent.value) || value.endsWith("." + parent.value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(DomainName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
