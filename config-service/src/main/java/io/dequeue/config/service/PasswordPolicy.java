package io.dequeue.config.service;

import io.dequeue.model.DomainName;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses weak gateway passwords, for the REST API and the import file alike: shorter than
 * {@link #MIN_LENGTH} characters, too few different characters, a digit sequence, a common
 * password ({@code common-passwords.txt}: also with digits and symbols around it, simple letter
 * substitutions such as {@code p@ssw0rd}, separators, or two listed words run together), or
 * the gateway's domain name with little else. The password itself is never part of a message.
 */
public final class PasswordPolicy {
    /** The shortest password accepted, in characters. */
    public static final int MIN_LENGTH = 12;
    /** Fewer different characters than this is a pattern, not a password. */
    static final int MIN_DISTINCT = 6;
    /** What must remain once the domain's names are removed. */
    static final int MIN_BEYOND_DOMAIN = 8;

    private static final Set<String> COMMON = load("common-passwords.txt");
    private static final String DIGIT_RUNS = "0123456789012345678901234567890";
    private static final String DIGIT_RUNS_DOWN = new StringBuilder(DIGIT_RUNS).reverse().toString();

    private PasswordPolicy() {
    }

    /** Why {@code password} is too weak for the gateway {@code domain} (null when unknown), or null when it is acceptable. */
    public static String whyWeak(char[] password, DomainName domain) {
        String p = new String(password);
        if (p.codePointCount(0, p.length()) < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.codePoints().distinct().count() < MIN_DISTINCT) {
            return "uses too few different characters";
        }
        if (isDigitSequence(lower)) {
            return "is a sequence of digits";
        }
        if (isCommon(lower)) {
            return "is too common: it is, or is built from, a well-known password";
        }
        if (domain != null && basedOnDomain(lower, domain)) {
            return "must not be built from the gateway's domain name";
        }
        return null;
    }

    /** The number of entries of the common-password list (for tests). */
    static int commonCount() {
        return COMMON.size();
    }

    static boolean isCommon(String lower) {
        if (COMMON.contains(lower)) {
            return true;
        }
        String trimmed = trimNonLetters(lower).replaceAll("[\\s._\\-+*/,;:#~|]", "");
        String undone = undoSubstitutions(trimmed);
        for (String c : new String[] {trimmed, undone, letters(trimmed), letters(undone)}) {
            if (!c.isEmpty() && (COMMON.contains(c) || twoListedWords(c) || c.length() >= 6 && repeated(c))) {
                return true;
            }
        }
        return false;
    }

    private static String letters(String s) {
        return s.replaceAll("[^\\p{L}]", "");
    }

    private static boolean basedOnDomain(String lower, DomainName domain) {
        String rest = undoSubstitutions(lower);
        rest = rest.replace(domain.value(), "");
        for (String label : domain.value().split("\\.")) {
            if (label.length() >= 3) {
                rest = rest.replace(label, "");
            }
        }
        rest = rest.replaceAll("[^\\p{L}\\p{N}]", "");
        return rest.length() < MIN_BEYOND_DOMAIN || isCommon(rest);
    }

    private static boolean isDigitSequence(String s) {
        String digits = s.replaceAll("[^0-9]", "");
        return digits.length() >= s.length() - 2 && (DIGIT_RUNS.contains(digits) || DIGIT_RUNS_DOWN.contains(digits));
    }

    /** Digits and symbols before the first and after the last letter go (password123! is password). */
    private static String trimNonLetters(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetter(s.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String undoSubstitutions(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(switch (c) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return b.toString();
    }

    private static boolean twoListedWords(String s) {
        for (int i = 3; i <= s.length() - 3; i++) {
            if (COMMON.contains(s.substring(0, i)) && COMMON.contains(s.substring(i))) {
                return true;
            }
        }
        return false;
    }

    /** A listed word or a short piece said again and again (dragondragon, abcabcabcabc). */
    private static boolean repeated(String s) {
        for (int len = 1; len <= s.length() / 2; len++) {
            if (s.length() % len == 0 && s.substring(0, len).repeat(s.length() / len).equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String w = line.strip().toLowerCase(Locale.ROOT);
                if (!w.isEmpty() && !w.startsWith("#")) {
                    out.add(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
