package io.dequeue.smtp.address;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;

/**
 * Parsing of RFC 5321 paths: {@code <local@domain>}, the null reverse path {@code <>}, quoted
 * local parts, address literals, and source routes {@code <@a,@b:x@y>} (accepted, ignored).
 * Limits: local part 64, domain 255, path 256 octets (brackets included). Non-ASCII is refused
 * with {@code 553 5.6.7} (SMTPUTF8 is not offered). Failures are {@link ReplyException}s carrying
 * {@code 501 5.1.7} for a sender and {@code 501 5.1.3} for a recipient.
 */
public final class Paths {

    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_PATH = 256;

    private Paths() {
    }

    /** A reverse path (MAIL FROM): a mailbox, or null for {@code <>}. */
    public static Mailbox parseReversePath(String path) {
        return parsePath(path, true, null);
    }

    /**
     * A forward path (RCPT TO). {@code <Postmaster>} without a domain is accepted when
     * {@code postmasterDomain} is given and becomes {@code Postmaster@postmasterDomain}.
     */
    public static Mailbox parseForwardPath(String path, String postmasterDomain) {
        return parsePath(path, false, postmasterDomain);
    }

    public static Mailbox parseForwardPath(String path) {
        return parseForwardPath(path, null);
    }

    /** A bare mailbox {@code local@domain}; failures carry the recipient reply. */
    public static Mailbox parseMailbox(String mailbox) {
        checkChars(mailbox, false);
        return mailbox(mailbox, false);
    }

    private static Mailbox parsePath(String path, boolean sender, String postmasterDomain) {
        checkChars(path, sender);
        if (path.length() > MAX_PATH) {
            throw fail(sender, "address too long");
        }
        if (path.length() < 2 || path.charAt(0) != '<' || path.charAt(path.length() - 1) != '>') {
            throw fail(sender, null);
        }
        String inner = path.substring(1, path.length() - 1);
        if (inner.isEmpty()) {
            if (sender) {
                return null;
            }
            throw fail(false, null);
        }
        if (!sender && postmasterDomain != null && inner.equalsIgnoreCase("postmaster")) {
            return new Mailbox(inner, postmasterDomain);
        }
        if (inner.charAt(0) == '@') {
            inner = skipSourceRoute(inner, sender);
        }
        return mailbox(inner, sender);
    }

    /** Drops {@code @a,@b:} after checking that each hop is a domain. */
    private static String skipSourceRoute(String s, boolean sender) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw fail(sender, null);
        }
        for (String hop : s.substring(0, colon).split(",", -1)) {
            if (hop.length() < 2 || hop.charAt(0) != '@') {
                throw fail(sender, null);
            }
            String d = hop.substring(1);
            if (!Domains.isDomain(d) && !Domains.isAddressLiteral(d)) {
                throw fail(sender, null);
            }
        }
        return s.substring(colon + 1);
    }

    private static Mailbox mailbox(String s, boolean sender) {
        int localEnd = localPartEnd(s, sender);
        if (localEnd >= s.length() || s.charAt(localEnd) != '@') {
            throw fail(sender, null);
        }
        String local = s.substring(0, localEnd);
        if (local.length() > MAX_LOCAL_PART) {
            throw fail(sender, "local part too long");
        }
        String domain = s.substring(localEnd + 1);
        if (domain.length() > Domains.MAX_DOMAIN_LENGTH) {
            throw fail(sender, "domain too long");
        }
        if (!Domains.isDomain(domain) && !Domains.isAddressLiteral(domain)) {
            throw fail(sender, null);
        }
        return new Mailbox(local, domain);
    }

    /** Index just after a Dot-string or Quoted-string local part. */
    private static int localPartEnd(String s, boolean sender) {
        if (s.isEmpty()) {
            throw fail(sender, null);
        }
        if (s.charAt(0) == '"') {
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) > 126) {
                        throw fail(sender, null);
                    }
                    i++;
                } else if (c == '"') {
                    return i + 1;
                } else if (c < 32 || c > 126) {
                    throw fail(sender, null);
                }
            }
            throw fail(sender, null);
        }
        int i = 0;
        boolean atomStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    throw fail(sender, null);
                }
                atomStart = true;
            } else if (isAtext(c)) {
                atomStart = false;
            } else {
                break;
            }
            i++;
        }
        if (atomStart) {
            // empty local part, or a trailing dot
            throw fail(sender, null);
        }
        return i;
    }

    /** RFC 5322 atext. */
    public static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static void checkChars(String s, boolean sender) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 126) {
                throw new ReplyException(Replies.NON_ASCII_ADDRESS);
            }
            if (c < 32 || c == 127) {
                throw fail(sender, null);
            }
        }
    }

    private static ReplyException fail(boolean sender, String detail) {
        Reply base = sender ? Replies.BAD_SENDER_SYNTAX : Replies.BAD_RECIPIENT_SYNTAX;
        return new ReplyException(detail == null ? base : base.withText(base.text() + ": " + detail));
    }
}
