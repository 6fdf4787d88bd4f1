package io.dequeue.fetch.session;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.StopSignal;
import io.dequeue.smtp.client.Capabilities;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.wire.LineFramer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The reversed session after ATRN 250: this side is the SMTP server on the upstream socket and
 * relays every transaction into the local server over its one connection.
 *
 * <p>Upstream commands are forwarded as received (bytes); their replies are the local server's,
 * in command order. Commands are queued to the local server and the queue is sent and answered
 * ("settled") only when upstream has nothing more buffered, at DATA, or before the next command
 * when the local server does not pipeline: a pipelined upstream group becomes one write to the
 * local server and one write back. Message data streams through a fixed buffer unchanged (dot
 * stuffing is the same on both sides) until CR LF "." CR LF; 250 goes upstream only after the local
 * server's own 250. When the local server fails, every open command gets 451 (the mail stays held
 * upstream) and the next MAIL gets 421, which ends the session.
 */
final class ReversedSession {

    private static final Logger LOG = Logger.getLogger("io.dequeue.fetch.odmr");

    /** The one buffer message data passes through. */
    static final int DATA_BUFFER = 64 * 1024;

    private static final Reply UNAVAILABLE = Reply.of(451, "4.3.0", "Local mail server unavailable; keep the message queued");
    private static final Reply OK = Reply.of(250, "2.0.0", "OK");

    private enum Kind { MAIL, RCPT, DATA, RSET, RSET_SILENT }

    private sealed interface Pending permits Local, Fixed {
    }

    private record Local(Kind kind) implements Pending {
    }

    private record Fixed(Reply reply) implements Pending {
    }

    private final Wire up;
    private final LocalServer local;
    private final String name;
    private final StopSignal stop;
    private final Counters counters;
    private final LineFramer framer = new LineFramer(LineFramer.EXTENDED_COMMAND_LINE_LIMIT);
    private final byte[] buf = new byte[DATA_BUFFER];
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private boolean hello;
    private boolean localFailed;
    private boolean localTxnOpen;
    private boolean inTransaction;
    private int txnAccepted;
    private Reply dataReply;

    ReversedSession(Wire up, LocalServer local, String name, StopSignal stop, Counters counters) {
        this.up = up;
        this.local = local;
        this.name = name;
        this.stop = stop;
        this.counters = counters;
    }

    /** Runs until upstream QUITs or the session must end; returns the exit status. */
    int run() {
        try {
            up.line("220 " + name + " ESMTP dequeue-fetch ready");
            up.flush();
            while (true) {
                LineFramer.Frame f = framer.next();
                if (f == null) {
                    settle();
                    up.flush();
                    int n = up.read(buf);
                    if (n < 0) {
                        return upstreamGone("closed the connection");
                    }
                    framer.feed(buf, 0, n);
                    continue;
                }
                if (f instanceof LineFramer.TooLong) {
                    respond(Reply.of(500, "5.5.2", "Line too long"));
                    continue;
                }
                Integer end = handle(((LineFramer.Line) f).bytes());
                if (end != null) {
                    return end;
                }
            }
        } catch (IOException e) {
            return upstreamGone("failed: " + e.getMessage());
        }
    }

    private Integer handle(byte[] line) throws IOException {
        String verb = verb(line);
        LOG.fine(() -> "upstream -> " + (verb.equals("DATA") || line.length < 512 ? new String(line, StandardCharsets.ISO_8859_1) : verb));
        switch (verb) {
            case "EHLO" -> {
                resetTransaction();
                hello = true;
                respond(ehloReply());
            }
            case "HELO" -> {
                resetTransaction();
                hello = true;
                respond(Reply.of(250, name));
            }
            case "MAIL" -> {
                return mail(line);
            }
            case "RCPT" -> {
                if (localFailed) {
                    counters.deferred++;
                    respond(UNAVAILABLE);
                } else {
                    sendLocal(line, Kind.RCPT);
                }
            }
            case "DATA" -> data();
            case "RSET" -> {
                inTransaction = false;
                if (localFailed) {
                    respond(OK);
                } else {
                    sendLocal("RSET".getBytes(StandardCharsets.US_ASCII), Kind.RSET);
                }
            }
            case "NOOP" -> respond(OK);
            case "VRFY" -> respond(Reply.of(252, "2.5.0", "Cannot VRFY; send the message"));
            case "QUIT" -> {
                return end(Reply.of(221, "2.0.0", name + " closing"), localFailed ? ExitStatus.LOCAL_FAILED : ExitStatus.OK);
            }
            case "STARTTLS", "AUTH", "BDAT", "ATRN", "ETRN", "EXPN", "HELP", "TURN" ->
                    respond(Reply.of(502, "5.5.1", "Command not implemented"));
            default -> respond(Reply.of(500, "5.5.2", "Command unrecognized"));
        }
        return null;
    }

    private Integer mail(byte[] line) throws IOException {
        if (!hello) {
            respond(Reply.of(503, "5.5.1", "Send EHLO first"));
            return null;
        }
        if (stop.requested()) {
            return end(Reply.of(421, "4.3.0", name + " stopping; try again later"), ExitStatus.INTERRUPTED);
        }
        if (localFailed) {
            return end(Reply.of(421, "4.3.0", "Local mail server unavailable; closing"), ExitStatus.LOCAL_FAILED);
        }
        if (localTxnOpen) {
            sendLocal("RSET".getBytes(StandardCharsets.US_ASCII), Kind.RSET_SILENT);
        }
        txnAccepted = 0;
        inTransaction = true;
        sendLocal(line, Kind.MAIL);
        return null;
    }

    private void data() throws IOException {
        if (localFailed) {
            respond(UNAVAILABLE);
            return;
        }
        sendLocal("DATA".getBytes(StandardCharsets.US_ASCII), Kind.DATA);
        settle();
        Reply r = dataReply;
        dataReply = null;
        if (r.code() != 354) {
            inTransaction = false;
            writeUp(r);
            return;
        }
        up.line("354 End data with <CR><LF>.<CR><LF>");
        up.flush();
        relayData();
    }

    private void relayData() throws IOException {
        EndOfData eod = new EndOfData();
        boolean localOk = true;
        byte[] rest = framer.drain();
        int end = rest.length > 0 ? eod.scan(rest, 0, rest.length) : -1;
        localOk = copy(rest, rest.length, end, localOk);
        while (end < 0) {
            int n = up.read(buf);
            if (n < 0) {
                local.abort();
                localFailed = true;
                throw new IOException("closed the connection during DATA");
            }
            end = eod.scan(buf, 0, n);
            localOk = copy(buf, n, end, localOk);
        }
        inTransaction = false;
        localTxnOpen = false;
        if (!localOk) {
            counters.deferred += txnAccepted;
            writeUp(UNAVAILABLE);
            return;
        }
        try {
            local.flush();
            writeUp(endOfData());
        } catch (IOException e) {
            failLocal(e);
            counters.deferred += txnAccepted;
            writeUp(UNAVAILABLE);
        }
    }

    /** Copies {@code [0, end)} (or all {@code n} bytes) to the local server; the rest goes back to the framer. */
    private boolean copy(byte[] b, int n, int end, boolean localOk) {
        int upto = end < 0 ? n : end;
        counters.bytes += upto;
        if (end >= 0 && end < n) {
            framer.feed(b, end, n - end);
        }
        if (!localOk) {
            return false;
        }
        try {
            local.wire().write(b, 0, upto);
            return true;
        } catch (IOException e) {
            failLocal(e);
            return false;
        }
    }

    private Reply endOfData() throws IOException {
        if (!local.lmtp()) {
            Reply r = local.readReply();
            for (int i = 0; i < txnAccepted; i++) {
                counters.recipient(r.code());
            }
            if (r.isPositiveCompletion()) {
                counters.messages++;
            }
            return mapLocal(r);
        }
        List<Reply> replies = new ArrayList<>(txnAccepted);
        for (int i = 0; i < txnAccepted; i++) {
            Reply r = local.readReply();
            counters.recipient(r.code());
            replies.add(r);
        }
        if (replies.stream().anyMatch(Reply::isPositiveCompletion)) {
            counters.messages++;
        }
        Reply combined = LmtpOutcome.combine(replies);
        if (replies.stream().anyMatch(r -> !r.isPositiveCompletion())) {
            LOG.warning(() -> "LMTP answered recipients differently; upstream gets " + combined + " (replies: " + replies + ")");
        }
        return combined;
    }

    /** Sends the queue to the local server and writes every answer upstream, in command order. */
    private void settle() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        if (!localFailed) {
            try {
                local.flush();
            } catch (IOException e) {
                failLocal(e);
            }
        }
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            if (p instanceof Fixed f) {
                writeUp(f.reply());
                continue;
            }
            Reply r = null;
            if (!localFailed) {
                try {
                    r = local.readReply();
                } catch (IOException e) {
                    failLocal(e);
                }
            }
            resolve(((Local) p).kind(), r);
        }
    }

    private void resolve(Kind kind, Reply local) throws IOException {
        Reply r = local == null ? UNAVAILABLE : mapLocal(local);
        switch (kind) {
            case MAIL -> {
                localTxnOpen = local != null && local.isPositiveCompletion();
                inTransaction = localTxnOpen;
                writeUp(r);
            }
            case RCPT -> {
                if (r.isPositiveCompletion()) {
                    txnAccepted++;
                } else {
                    counters.recipient(r.code());
                }
                writeUp(r);
            }
            case DATA -> dataReply = r;
            case RSET -> {
                localTxnOpen = false;
                writeUp(local == null ? OK : r);
            }
            case RSET_SILENT -> localTxnOpen = false;
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** The local answer as it goes upstream; 421 (the local server is closing) becomes 451. */
    private Reply mapLocal(Reply r) {
        if (r.code() == 421) {
            localFailed = true;
            return Reply.of(451, "4.3.0", "Local mail server closing: " + Reply.sanitize(r.text(), 200));
        }
        return r;
    }

    private void sendLocal(byte[] line, Kind kind) throws IOException {
        if (localFailed) {
            pending.add(new Local(kind));
            return;
        }
        if (!local.pipelining()) {
            settle();
        }
        try {
            local.send(line);
        } catch (IOException e) {
            failLocal(e);
        }
        pending.add(new Local(kind));
    }

    private void failLocal(IOException e) {
        if (!localFailed) {
            LOG.warning(() -> "local mail server " + local.target() + " failed: " + e.getMessage());
        }
        localFailed = true;
        local.abort();
    }

    private void respond(Reply r) throws IOException {
        if (pending.isEmpty()) {
            writeUp(r);
        } else {
            pending.add(new Fixed(r));
        }
    }

    private void writeUp(Reply r) throws IOException {
        LOG.fine(() -> "upstream <- " + r);
        up.write(r.toBytes(), 0, r.toBytes().length);
    }

    private int end(Reply last, int status) throws IOException {
        settle();
        writeUp(last);
        up.flush();
        if (localFailed) {
            local.abort();
        } else {
            local.quit();
        }
        return localFailed && status == ExitStatus.OK ? ExitStatus.LOCAL_FAILED : status;
    }

    private int upstreamGone(String what) {
        if (inTransaction || localTxnOpen) {
            LOG.warning(() -> "upstream " + what + " in the middle of a transaction: local transaction aborted, nothing acknowledged");
            local.abort();
            return ExitStatus.CONNECTION;
        }
        LOG.warning(() -> "upstream " + what + " without QUIT");
        if (localFailed) {
            local.abort();
            return ExitStatus.LOCAL_FAILED;
        }
        local.quit();
        return ExitStatus.OK;
    }

    private void resetTransaction() {
        inTransaction = false;
    }

    private Reply ehloReply() {
        Capabilities caps = local.capabilities();
        List<String> lines = new ArrayList<>();
        lines.add(name);
        lines.add("PIPELINING");
        // tells the gateway (Dequeue's edge) that pipelined commands are safe here
        lines.add(ClientConfig.ODMR_PIPELINING);
        lines.add("ENHANCEDSTATUSCODES");
        for (String k : List.of("8BITMIME", "SIZE", "SMTPUTF8", "DSN")) {
            if (caps.has(k)) {
                String v = caps.keywords().get(k);
                lines.add(v == null || v.isEmpty() ? k : k + " " + v);
            }
        }
        return Reply.of(250, null, lines);
    }

    private static String verb(byte[] line) {
        int n = 0;
        while (n < line.length && n < 10 && line[n] != ' ') {
            n++;
        }
        return new String(line, 0, n, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }
}
