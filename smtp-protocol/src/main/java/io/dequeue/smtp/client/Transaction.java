package io.dequeue.smtp.client;

import io.dequeue.smtp.address.Paths;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.EnvId;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.wire.DotStuffer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * One MAIL transaction on a set-up session: local checks (paths, the peer's SIZE), then MAIL, RCPT
 * and DATA, pipelined (RFC 2920) when both sides allow it, the dot-stuffed content in blocks, and
 * the reply to the final dot. It never fails: whatever happens ends as one outcome per recipient.
 * A failed MAIL applies to every recipient, a failed DATA or final dot to every accepted one, a
 * timeout or a lost connection to every one still open (transient).
 */
final class Transaction {

    /**
     * How a transaction ended.
     *
     * @param result per recipient
     * @param ended  nothing of it is open on the peer (never started, or its data was answered)
     * @param broken the connection must not be used again (protocol error, timeout, lost connection)
     */
    record Outcome(MessageResult result, boolean ended, boolean broken) {
    }

    private static final Buffer END_OF_EMPTY_DATA = Buffer.buffer(".\r\n");

    private final Wire wire;
    private final ClientConfig config;
    private final Capabilities capabilities;
    private final OutboundMessage message;
    private final List<OutboundRecipient> recipients;
    private final RecipientOutcome[] outcomes;
    private final boolean[] accepted;
    private final List<Integer> sent = new ArrayList<>();
    private Reply mailRefused;
    private boolean protocolError;
    private boolean ended;
    private long bytes;

    Transaction(Wire wire, ClientConfig config, Capabilities capabilities, OutboundMessage message) {
        this.wire = wire;
        this.config = config;
        this.capabilities = capabilities;
        this.message = message;
        this.recipients = message.recipients();
        this.outcomes = new RecipientOutcome[recipients.size()];
        this.accepted = new boolean[recipients.size()];
    }

    Future<Outcome> run() {
        String senderError = pathError(message.reversePath(), true);
        if (senderError != null) {
            fillOpen(new RecipientOutcome.Permanent(LocalReplies.badSender(senderError)));
            return finishedLocally();
        }
        for (int i = 0; i < recipients.size(); i++) {
            String error = pathError(recipients.get(i).address(), false);
            if (error != null) {
                outcomes[i] = new RecipientOutcome.Permanent(LocalReplies.badRecipient(error));
            } else {
                sent.add(i);
            }
        }
        if (sent.isEmpty()) {
            return finishedLocally();
        }
        long limit = capabilities.maxSize();
        if (limit > 0 && message.content().length > limit) {
            fillOpen(new RecipientOutcome.Permanent(LocalReplies.tooBig(message.content().length, limit)));
            return finishedLocally();
        }
        Future<Void> f = config.pipelines(capabilities) ? pipelined() : stepwise();
        return f.transform(ar -> {
            if (ar.failed()) {
                fillOpen(new RecipientOutcome.Transient(Wire.asClientException(ar.cause()).reply()));
            }
            return Future.succeededFuture(new Outcome(result(), ended, protocolError || wire.isBroken()));
        });
    }

    private Future<Outcome> finishedLocally() {
        ended = true;
        return Future.succeededFuture(new Outcome(result(), true, false));
    }

    /** MAIL, every RCPT and DATA in one write; replies read in order (RFC 2920). */
    private Future<Void> pipelined() {
        Buffer batch = Buffer.buffer();
        batch.appendBuffer(mailCommand());
        for (int i : sent) {
            batch.appendBuffer(rcptCommand(recipients.get(i)));
        }
        batch.appendBuffer(Wire.line("DATA"));
        wire.channel().write(batch);
        wire.expect("MAIL", config.timeouts().mail()).onSuccess(this::onMail);
        for (int i : sent) {
            wire.expect("RCPT", config.timeouts().rcpt()).onSuccess(r -> onRcpt(i, r));
        }
        return wire.expect("DATA", config.timeouts().dataStart()).compose(data -> {
            if (mailRefused != null || noneAccepted()) {
                // RFC 2920 3.1: a 354 despite no valid recipient still needs the end of data
                return data.code() == 354 ? endEmptyData() : Future.succeededFuture();
            }
            return afterData(data);
        });
    }

    private Future<Void> stepwise() {
        wire.channel().write(mailCommand());
        return wire.expect("MAIL", config.timeouts().mail()).compose(r -> {
            onMail(r);
            if (mailRefused != null) {
                return Future.succeededFuture();
            }
            Future<Void> chain = Future.succeededFuture();
            for (int i : sent) {
                chain = chain.compose(v -> {
                    wire.channel().write(rcptCommand(recipients.get(i)));
                    return wire.expect("RCPT", config.timeouts().rcpt()).map(rr -> {
                        onRcpt(i, rr);
                        return null;
                    });
                });
            }
            return chain.compose(v -> {
                if (noneAccepted()) {
                    return Future.succeededFuture();
                }
                wire.command("DATA");
                return wire.expect("DATA", config.timeouts().dataStart()).compose(this::afterData);
            });
        });
    }

    private void onMail(Reply r) {
        if (r.isPositiveCompletion()) {
            return;
        }
        if (r.isIntermediate()) {
            protocolError = true;
            mailRefused = LocalReplies.unexpected("MAIL", r);
        } else {
            mailRefused = r;
        }
        fillOpen(RecipientOutcome.failure(mailRefused));
    }

    private void onRcpt(int i, Reply r) {
        if (mailRefused != null) {
            return;
        }
        if (r.isPositiveCompletion()) {
            accepted[i] = true;
        } else if (r.isIntermediate()) {
            protocolError = true;
            outcomes[i] = new RecipientOutcome.Transient(LocalReplies.unexpected("RCPT", r));
        } else {
            outcomes[i] = RecipientOutcome.failure(r);
        }
    }

    private Future<Void> afterData(Reply data) {
        if (data.code() == 354) {
            return content();
        }
        if (!data.isTransientFailure() && !data.isPermanentFailure()) {
            protocolError = true;
            fillAccepted(new RecipientOutcome.Transient(LocalReplies.unexpected("DATA", data)));
        } else {
            fillAccepted(RecipientOutcome.failure(data));
        }
        return Future.succeededFuture();
    }

    /**
     * The message, dot-stuffed, in blocks; then the final dot in a write of its own, and its reply.
     * The dot stays separate on purpose: appended to the last block it shares that block's TLS
     * record, and fetchmail's ODMR relay over TLS then never sees it (it waits in select() while
     * the line sits in its TLS buffer; OdmrFetchmailTest's implicit-TLS pull stalled).
     */
    private Future<Void> content() {
        DotStuffer stuffer = new DotStuffer();
        Promise<Void> written = Promise.promise();
        pump(stuffer, 0, written);
        return written.future()
                .compose(v -> {
                    byte[] end = stuffer.finish();
                    bytes += end.length;
                    return wire.channel().writeTimed(Buffer.buffer(end), config.timeouts().dataBlock());
                })
                .compose(v -> wire.expect("the end of data", config.timeouts().dataEnd()))
                .map(r -> {
                    ended = true;
                    fillAccepted(RecipientOutcome.finalReply(r));
                    return null;
                });
    }

    /** Writes blocks from {@code offset}, each within the data block timeout, one at a time. */
    private void pump(DotStuffer stuffer, int offset, Promise<Void> done) {
        byte[] content = message.content();
        int off = offset;
        while (off < content.length) {
            int n = Math.min(config.dataChunkSize(), content.length - off);
            byte[] block = stuffer.stuff(content, off, n);
            off += n;
            bytes += block.length;
            Future<Void> w = wire.channel().writeTimed(Buffer.buffer(block), config.timeouts().dataBlock());
            if (!w.isComplete()) {
                int next = off;
                w.onComplete(ar -> {
                    if (ar.succeeded()) {
                        pump(stuffer, next, done);
                    } else {
                        done.tryFail(ar.cause());
                    }
                });
                return;
            }
            if (w.failed()) {
                done.tryFail(w.cause());
                return;
            }
        }
        done.tryComplete();
    }

    private Future<Void> endEmptyData() {
        wire.channel().write(END_OF_EMPTY_DATA.copy());
        return wire.expect("the end of data", config.timeouts().dataEnd()).map(r -> {
            ended = true;
            return null;
        });
    }

    private Buffer mailCommand() {
        StringBuilder sb = new StringBuilder("MAIL FROM:<").append(message.reversePath()).append('>');
        if (capabilities.size()) {
            sb.append(" SIZE=").append(message.content().length);
        }
        if (message.body() == BodyType.EIGHT_BIT_MIME && capabilities.eightBitMime()) {
            sb.append(" BODY=").append(BodyType.EIGHT_BIT_MIME.keyword());
        }
        if (capabilities.dsn()) {
            if (message.ret() != null) {
                sb.append(" RET=").append(message.ret().name());
            }
            if (message.envid() != null && !message.envid().isEmpty()) {
                String xtext = EnvId.format(message.envid());
                if (xtext.length() <= EnvId.MAX_LENGTH) {
                    sb.append(" ENVID=").append(xtext);
                }
            }
        }
        return Wire.line(sb.toString());
    }

    private Buffer rcptCommand(OutboundRecipient r) {
        StringBuilder sb = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (capabilities.dsn()) {
            if (!r.notifyOn().isEmpty()) {
                sb.append(" NOTIFY=").append(Notify.format(r.notifyOn()));
            }
            if (r.orcpt() != null) {
                sb.append(" ORCPT=").append(r.orcpt().format());
            }
        }
        return Wire.line(sb.toString());
    }

    private boolean noneAccepted() {
        for (boolean a : accepted) {
            if (a) {
                return false;
            }
        }
        return true;
    }

    private void fillOpen(RecipientOutcome o) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = o;
            }
        }
    }

    private void fillAccepted(RecipientOutcome o) {
        for (int i = 0; i < outcomes.length; i++) {
            if (accepted[i] && outcomes[i] == null) {
                outcomes[i] = o;
            }
        }
    }

    private MessageResult result() {
        List<RecipientResult> out = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            RecipientOutcome o = outcomes[i] != null ? outcomes[i]
                    : new RecipientOutcome.Transient(LocalReplies.CONNECTION_LOST);
            out.add(new RecipientResult(recipients.get(i), o));
        }
        return new MessageResult(out, bytes);
    }

    /** Null when {@code address} is a valid path for MAIL (sender) or RCPT, else why not. */
    private static String pathError(String address, boolean sender) {
        try {
            if (sender) {
                Paths.parseReversePath("<" + address + ">");
            } else {
                Paths.parseForwardPath("<" + address + ">");
            }
            return null;
        } catch (ReplyException e) {
            return e.reply().text();
        }
    }
}
