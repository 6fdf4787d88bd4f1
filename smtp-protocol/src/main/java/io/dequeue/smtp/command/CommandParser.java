package io.dequeue.smtp.command;

import io.dequeue.smtp.address.Domains;
import io.dequeue.smtp.address.Mailbox;
import io.dequeue.smtp.address.Paths;
import io.dequeue.smtp.dsn.EnvId;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.dsn.Xtext;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure parser from one framed command line (bytes without the CR LF) to a {@link Command}. No I/O,
 * no session state: whether a command is allowed now is the session's business. Syntax failures
 * are {@link ReplyException}s carrying the exact reply. Verbs are case-insensitive; trailing
 * spaces are tolerated; every domain is validated strictly and lower-cased. Thread-safe.
 */
public final class CommandParser {

    /**
     * @param dsn              accept the DSN parameters NOTIFY, ORCPT, RET, ENVID (else 555)
     * @param namedQueues      accept {@code ETRN #queue} (else 501 5.5.4)
     * @param postmasterDomain domain for a bare {@code RCPT TO:<Postmaster>}, or null to refuse it
     */
    public record Options(boolean dsn, boolean namedQueues, String postmasterDomain) {
        public static final Options DEFAULT = new Options(true, false, null);
    }

    public static final int MAX_ATRN_DOMAINS = 100;
    private static final int MAX_SIZE_DIGITS = 20;

    private final Options options;

    public CommandParser() {
        this(Options.DEFAULT);
    }

    public CommandParser(Options options) {
        this.options = options;
    }

    public Command parse(byte[] line) {
        return parse(new String(line, StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses a line given one char per byte (ISO-8859-1), without CR LF.
     *
     * @throws ReplyException with the reply to send when the line is not a valid command
     */
    public Command parse(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new ReplyException(Replies.SYNTAX_ERROR);
            }
        }
        String s = stripTrailingBlanks(line);
        int sp = s.indexOf(' ');
        String verbText = sp < 0 ? s : s.substring(0, sp);
        String args = sp < 0 ? "" : s.substring(sp + 1);
        if (!isAsciiWord(verbText)) {
            throw new ReplyException(Replies.COMMAND_UNRECOGNIZED);
        }
        String verb = verbText.toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "EHLO" -> new Command.Ehlo(heloDomain(args, Replies.EHLO_SYNTAX));
            case "HELO" -> new Command.Helo(heloDomain(args, Replies.HELO_SYNTAX));
            case "MAIL" -> mail(args);
            case "RCPT" -> rcpt(args);
            case "DATA" -> noArgs(args, new Command.Data());
            case "RSET" -> noArgs(args, new Command.Rset());
            case "QUIT" -> noArgs(args, new Command.Quit());
            case "NOOP" -> new Command.Noop();
            case "TURN" -> noArgs(args, new Command.Turn());
            case "BDAT" -> new Command.Bdat();
            case "VRFY" -> new Command.Vrfy(required(ascii(args)));
            case "EXPN" -> new Command.Expn(required(ascii(args)));
            case "HELP" -> new Command.Help(ascii(args).trim());
            case "STARTTLS" -> new Command.StartTls(!args.isBlank());
            case "AUTH" -> auth(args);
            case "ETRN" -> etrn(args);
            case "ATRN" -> atrn(args);
            default -> new Command.Unknown(verb.length() > 16 ? verb.substring(0, 16) : verb);
        };
    }

    // ---- HELO / EHLO ---------------------------------------------------------------------

    private static String heloDomain(String args, Reply usage) {
        String d = args.trim();
        if (d.isEmpty() || d.indexOf(' ') >= 0 || d.indexOf('\t') >= 0) {
            throw new ReplyException(usage);
        }
        try {
            return Domains.requireDomainOrLiteral(d);
        } catch (IllegalArgumentException e) {
            throw new ReplyException(usage);
        }
    }

    // ---- MAIL / RCPT ---------------------------------------------------------------------

    private Command mail(String args) {
        String rest = afterKeyword(args, "FROM:", Replies.MAIL_SYNTAX);
        String[] pathAndParams = splitPath(rest, Replies.MAIL_SYNTAX);
        Mailbox from = Paths.parseReversePath(pathAndParams[0]);
        Map<String, String> params = params(pathAndParams[1]);
        Long size = null;
        BodyType body = null;
        Ret ret = null;
        String envId = null;
        String auth = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "SIZE" -> size = size(value);
                case "BODY" -> body = body(value);
                case "RET" -> ret = Ret.parse(requireValue(dsn(value)));
                case "ENVID" -> envId = EnvId.parse(requireValue(dsn(value)));
                case "AUTH" -> auth = authParam(value);
                default -> throw new ReplyException(Replies.PARAM_UNKNOWN);
            }
        }
        return new Command.Mail(from, new MailParams(size, body, ret, envId, auth));
    }

    private Command rcpt(String args) {
        String rest = afterKeyword(args, "TO:", Replies.RCPT_SYNTAX);
        String[] pathAndParams = splitPath(rest, Replies.RCPT_SYNTAX);
        Mailbox to = Paths.parseForwardPath(pathAndParams[0], options.postmasterDomain());
        Map<String, String> params = params(pathAndParams[1]);
        Set<Notify> notify = Set.of();
        Orcpt orcpt = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "NOTIFY" -> notify = Notify.parse(requireValue(dsn(value)));
                case "ORCPT" -> orcpt = Orcpt.parse(requireValue(dsn(value)));
                default -> throw new ReplyException(Replies.PARAM_UNKNOWN);
            }
        }
        return new Command.Rcpt(to, new RcptParams(notify, orcpt));
    }

    /** The text after {@code FROM:} / {@code TO:} (case-insensitive), leading spaces dropped. */
    private static String afterKeyword(String args, String keyword, Reply usage) {
        if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new ReplyException(usage);
        }
        String rest = args.substring(keyword.length()).stripLeading();
        if (rest.isEmpty() || rest.charAt(0) != '<') {
            throw new ReplyException(usage);
        }
        return rest;
    }

    /** Splits {@code <path> params} at the '>' that closes the path (a quoted local part may hold '>'). */
    private static String[] splitPath(String s, Reply usage) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                String params = s.substring(i + 1);
                if (!params.isEmpty() && params.charAt(0) != ' ') {
                    throw new ReplyException(usage);
                }
                return new String[] {s.substring(0, i + 1), params.trim()};
            }
        }
        throw new ReplyException(usage);
    }

    /**
     * {@code esmtp-param *(SP esmtp-param)}; keys upper-cased, value null when there is no "=".
     * Duplicate keyword: 501 5.5.4.
     */
    private static Map<String, String> params(String s) {
        Map<String, String> out = new TreeMap<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String p : s.split("[ \t]+")) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            if (!isEsmtpKeyword(key) || (value != null && !isEsmtpValue(value))) {
                throw new ReplyException(Replies.PARAM_SYNTAX);
            }
            if (out.containsKey(key.toUpperCase(Locale.ROOT))) {
                throw new ReplyException(Replies.PARAM_DUPLICATE);
            }
            out.put(key.toUpperCase(Locale.ROOT), value);
        }
        return out;
    }

    private static boolean isEsmtpKeyword(String k) {
        if (k.isEmpty() || !Character.isLetterOrDigit(k.charAt(0)) || k.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c > 127 || !(Character.isLetterOrDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1*(%d33-60 / %d62-126)}. */
    private static boolean isEsmtpValue(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private String dsn(String value) {
        if (!options.dsn()) {
            throw new ReplyException(Replies.PARAM_UNKNOWN);
        }
        return value;
    }

    private static String requireValue(String value) {
        if (value == null) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        return value;
    }

    private static Long size(String value) {
        requireValue(value);
        if (value.length() > MAX_SIZE_DIGITS) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw new ReplyException(Replies.PARAM_SYNTAX);
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static BodyType body(String value) {
        if (value == null) {
            throw new ReplyException(Replies.BODY_SYNTAX);
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "7BIT" -> BodyType.SEVEN_BIT;
            case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
            case "BINARYMIME" -> throw new ReplyException(Replies.BODY_UNSUPPORTED);
            default -> throw new ReplyException(Replies.BODY_SYNTAX);
        };
    }

    private static String authParam(String value) {
        requireValue(value);
        if (value.equals("<>")) {
            return value;
        }
        try {
            return Xtext.decodeToPrintableAscii(value);
        } catch (IllegalArgumentException e) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
    }

    // ---- AUTH ----------------------------------------------------------------------------

    private static Command auth(String args) {
        String[] parts = args.trim().split("[ \t]+");
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty()) {
            throw new ReplyException(Replies.AUTH_SYNTAX);
        }
        String mech = parts[0];
        if (mech.length() > 20) {
            throw new ReplyException(Replies.AUTH_SYNTAX);
        }
        for (int i = 0; i < mech.length(); i++) {
            char c = mech.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw new ReplyException(Replies.AUTH_SYNTAX);
            }
        }
        String initial = parts.length == 2 ? parts[1] : null;
        if (initial != null) {
            for (int i = 0; i < initial.length(); i++) {
                char c = initial.charAt(i);
                if (c < 33 || c > 126) {
                    throw new ReplyException(Replies.AUTH_SYNTAX);
                }
            }
        }
        return new Command.Auth(mech.toUpperCase(Locale.ROOT), initial);
    }

    // ---- ETRN / ATRN ---------------------------------------------------------------------

    private Command etrn(String args) {
        String a = args.trim();
        if (a.isEmpty()) {
            throw new ReplyException(Replies.ETRN_NO_ARGUMENT);
        }
        if (a.indexOf(' ') >= 0 || a.indexOf('\t') >= 0) {
            throw new ReplyException(Replies.ETRN_BAD_ARGUMENT);
        }
        char first = a.charAt(0);
        try {
            if (first == '@') {
                return new Command.Etrn(new Command.Subtree(Domains.requireDomain(a.substring(1))));
            }
            if (first == '#') {
                if (!options.namedQueues()) {
                    throw new ReplyException(Replies.ETRN_NAMED_QUEUE);
                }
                return new Command.Etrn(new Command.NamedQueue(queueName(a.substring(1))));
            }
            return new Command.Etrn(new Command.Node(Domains.requireDomainOrLiteral(a)));
        } catch (IllegalArgumentException e) {
            throw new ReplyException(Replies.ETRN_BAD_ARGUMENT);
        }
    }

    private static String queueName(String q) {
        if (q.isEmpty() || q.length() > 64) {
            throw new IllegalArgumentException("bad queue name");
        }
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
                throw new IllegalArgumentException("bad queue name");
            }
        }
        return q;
    }

    private static Command atrn(String args) {
        String a = args.trim();
        if (a.isEmpty()) {
            return new Command.Atrn(List.of());
        }
        String[] items = a.split(",", -1);
        if (items.length > MAX_ATRN_DOMAINS) {
            throw new ReplyException(Replies.ATRN_SYNTAX);
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String item : items) {
            try {
                domains.add(Domains.requireDomain(item.trim()));
            } catch (IllegalArgumentException e) {
                throw new ReplyException(Replies.ATRN_SYNTAX);
            }
        }
        return new Command.Atrn(new ArrayList<>(domains));
    }

    // ---- helpers -------------------------------------------------------------------------

    private static <C extends Command> C noArgs(String args, C command) {
        if (!args.isBlank()) {
            throw new ReplyException(Replies.NO_ARGUMENTS_ALLOWED);
        }
        return command;
    }

    /** Arguments of free-text commands: printable ASCII only. */
    private static String ascii(String args) {
        for (int i = 0; i < args.length(); i++) {
            if (args.charAt(i) > 126) {
                throw new ReplyException(Replies.ARGUMENT_SYNTAX);
            }
        }
        return args;
    }

    private static String required(String arg) {
        String a = arg.trim();
        if (a.isEmpty()) {
            throw new ReplyException(Replies.ARGUMENT_SYNTAX);
        }
        return a;
    }

    private static boolean isAsciiWord(String verb) {
        if (verb.isEmpty() || verb.length() > 64) {
            return false;
        }
        for (int i = 0; i < verb.length(); i++) {
            char c = verb.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
