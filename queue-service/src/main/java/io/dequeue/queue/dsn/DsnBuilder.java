package io.dequeue.queue.dsn;

import io.dequeue.model.Envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds RFC 3464 delivery status notifications: a {@code multipart/report;
 * report-type=delivery-status} with a human-readable part, a {@code message/delivery-status} part,
 * and the original message ({@code message/rfc822}) or only its header
 * ({@code text/rfc822-headers}) as RET asks. The notification is sent from the null sender, to
 * the original sender, with NOTIFY=NEVER, so it can never cause another notification.
 */
public final class DsnBuilder {
    /** RFC 5322 date-time, e.g. {@code Mon, 4 May 2026 08:02:11 +0000}. */
    public static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";
    private static final int MAX_FIELD = 900;

    private final String reportingMta;
    private final long fullReturnLimit;

    /**
     * @param reportingMta the gateway's host name, for {@code Reporting-MTA} and the sender address
     * @param fullReturnLimit without RET, the whole message is returned up to this size, only its header above
     */
    public DsnBuilder(String reportingMta, long fullReturnLimit) {
        this.reportingMta = Objects.requireNonNull(reportingMta, "reportingMta");
        this.fullReturnLimit = fullReturnLimit;
    }

    /** A notification and the envelope to send it with. */
    public record Dsn(Envelope envelope, byte[] message) {
    }

    /**
     * Builds the notification for {@code original}; {@code recipients} must not be empty and
     * {@code original} must not have the null sender.
     *
     * @param reason one sentence for people, e.g. "The message was held longer than 7 days."
     */
    public Dsn build(Envelope original, byte[] raw, List<RecipientStatus> recipients, String reason, Instant now) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a DSN needs at least one recipient");
        }
        if (original.isNullSender()) {
            throw new IllegalArgumentException("no DSN is ever sent to the null sender");
        }
        boolean delayed = recipients.stream().allMatch(r -> r.action() == RecipientStatus.Action.DELAYED);
        boolean full = returnsFullMessage(original, raw.length);
        byte[] returned = full ? raw : headerSection(raw);
        boolean eightBit = has8Bit(returned);
        String id = UUID.nameUUIDFromBytes((original.messageId() + "/" + now.toEpochMilli() + "/" + delayed)
                .getBytes(StandardCharsets.UTF_8)).toString();
        String boundary = "=_dequeue_" + id.replace("-", "");

        StringBuilder head = new StringBuilder();
        field(head, "From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
        field(head, "To", "<" + original.reversePath() + ">");
        field(head, "Subject", delayed ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender");
        field(head, "Date", RFC5322.format(now));
        field(head, "Message-ID", "<" + id + "@" + reportingMta + ">");
        field(head, "Auto-Submitted", "auto-replied");
        field(head, "MIME-Version", "1.0");
        head.append("Content-Type: multipart/report; report-type=delivery-status;").append(CRLF)
                .append("\tboundary=\"").append(boundary).append('"').append(CRLF);
        head.append(CRLF);
        head.append("This is a MIME-encapsulated message.").append(CRLF).append(CRLF);

        // 1. the human-readable part
        head.append("--").append(boundary).append(CRLF);
        field(head, "Content-Description", "Notification");
        field(head, "Content-Type", "text/plain; charset=utf-8");
        head.append(CRLF);
        head.append(humanText(original, recipients, reason, delayed, full));

        // 2. the machine-readable part
        head.append(CRLF).append("--").append(boundary).append(CRLF);
        field(head, "Content-Description", "Delivery report");
        field(head, "Content-Type", "message/delivery-status");
        head.append(CRLF);
        head.append(deliveryStatus(original, recipients));

        // 3. the original message or its header
        head.append(CRLF).append("--").append(boundary).append(CRLF);
        field(head, "Content-Description", full ? "Undelivered Message" : "Undelivered Message Headers");
        field(head, "Content-Type", full ? "message/rfc822" : "text/rfc822-headers");
        if (eightBit) {
            field(head, "Content-Transfer-Encoding", "8bit");
        }
        head.append(CRLF);

        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + returned.length + 128);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(returned);
        if (returned.length > 0 && !endsWithCrlf(returned)) {
            out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes((CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII));
        byte[] message = out.toByteArray();

        Envelope.Recipient to = new Envelope.Recipient(original.reversePath(), List.of(Envelope.Notify.NEVER), null);
        Envelope envelope = new Envelope(id, null, "", null, null,
                eightBit || has8Bit(head) ? Envelope.Body.EIGHT_BIT_MIME : Envelope.Body.SEVEN_BIT,
                message.length, List.of(to), null, reportingMta, null, false, now);
        return new Dsn(envelope, message);
    }

    /** RET=FULL returns the message, RET=HDRS its header; without RET, the message up to the size limit. */
    public boolean returnsFullMessage(Envelope original, long size) {
        if (original.ret() != null) {
            return original.ret() == Envelope.Ret.FULL;
        }
        return size <= fullReturnLimit;
    }

    private String humanText(Envelope original, List<RecipientStatus> recipients, String reason, boolean delayed,
                             boolean full) {
        StringBuilder b = new StringBuilder();
        b.append("This is the mail gateway at ").append(reportingMta).append('.').append(CRLF).append(CRLF);
        if (delayed) {
            b.append("Your message has not been delivered yet to the recipients below. The gateway").append(CRLF)
                    .append("keeps it and will go on trying; you do not need to send it again.").append(CRLF);
        } else {
            b.append("Your message could not be delivered to the recipients below.").append(CRLF);
        }
        if (reason != null && !reason.isBlank()) {
            b.append(CRLF).append(oneLine(reason)).append(CRLF);
        }
        b.append(CRLF);
        for (RecipientStatus r : recipients) {
            b.append("  <").append(r.recipient().address()).append(">");
            if (r.diagnosticCode() != null) {
                String d = r.diagnosticCode();
                int semi = d.indexOf(';');
                b.append(": ").append(oneLine(semi >= 0 ? d.substring(semi + 1).strip() : d));
            } else {
                b.append(": status ").append(r.status());
            }
            b.append(CRLF);
        }
        b.append(CRLF).append("The delivery report follows, with ")
                .append(full ? "your original message." : "the header of your original message.").append(CRLF);
        return b.toString();
    }

    private String deliveryStatus(Envelope original, List<RecipientStatus> recipients) {
        StringBuilder b = new StringBuilder();
        field(b, "Reporting-MTA", "dns; " + reportingMta);
        if (original.envid() != null) {
            field(b, "Original-Envelope-Id", oneLine(original.envid()));
        }
        field(b, "Arrival-Date", RFC5322.format(original.receivedAt()));
        for (RecipientStatus r : recipients) {
            b.append(CRLF);
            if (r.recipient().orcpt() != null) {
                field(b, "Original-Recipient", addressField(r.recipient().orcpt()));
            }
            field(b, "Final-Recipient", "rfc822; " + r.recipient().address());
            field(b, "Action", r.action().field());
            field(b, "Status", r.status());
            if (r.remoteMta() != null) {
                field(b, "Remote-MTA", "dns; " + r.remoteMta());
            }
            if (r.diagnosticCode() != null) {
                field(b, "Diagnostic-Code", oneLine(r.diagnosticCode()));
            }
            if (r.lastAttempt() != null) {
                field(b, "Last-Attempt-Date", RFC5322.format(r.lastAttempt()));
            }
            if (r.willRetryUntil() != null) {
                field(b, "Will-Retry-Until", RFC5322.format(r.willRetryUntil()));
            }
        }
        return b.toString();
    }

    /** {@code addr-type;address} as RFC 3464 writes it: {@code rfc822; bob@example.net}. */
    private static String addressField(String typed) {
        int semi = typed.indexOf(';');
        if (semi < 0) {
            return "rfc822; " + typed.strip();
        }
        return typed.substring(0, semi).strip() + "; " + typed.substring(semi + 1).strip();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append(CRLF);
    }

    /** No CR or LF inside a field, and a bounded length (lines stay far below 998 octets). */
    private static String oneLine(String s) {
        String r = s.replace('\r', ' ').replace('\n', ' ').strip();
        return r.length() > MAX_FIELD ? r.substring(0, MAX_FIELD) : r;
    }

    /** The header section of a message, up to and including the empty line (all of it if there is none). */
    public static byte[] headerSection(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                byte[] r = new byte[i + 2];
                System.arraycopy(raw, 0, r, 0, r.length);
                return r;
            }
        }
        return raw;
    }

    private static boolean endsWithCrlf(byte[] b) {
        return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
    }

    private static boolean has8Bit(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean has8Bit(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }
}
