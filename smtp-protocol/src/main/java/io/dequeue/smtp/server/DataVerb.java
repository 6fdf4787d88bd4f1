package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.wire.DataReader;

/**
 * DATA and the body: with recipients the policy gives the sink, {@code 354} starts the
 * {@link Phase.Data} phase; at the end of data the limits decide ({@code 550 5.5.2} bare line
 * endings, {@code 552 5.3.4} too big, {@code 500 5.5.6} a text line over the limit) or the sink
 * answers. Either way the transaction ends; an accepted message resets the junk count.
 */
final class DataVerb {
    private DataVerb() {
    }

    static void handle(SmtpServerSession s) {
        Phase.Commands at = (Phase.Commands) s.phase();
        if (s.odmr()) {
            s.error(Replies.NOT_IMPLEMENTED);
        } else if (!(at.transaction() instanceof Transaction.Open tx)) {
            s.error(Replies.MAIL_FIRST);
        } else if (tx.recipients().isEmpty()) {
            s.error(tx.rcptAttempts() > 0 ? Replies.NO_VALID_RECIPIENTS : Replies.RCPT_FIRST);
        } else {
            Hello.Known hello = (Hello.Known) at.hello();
            s.await(() -> s.policy().data(s, tx.envelope()), sink -> {
                if (s.closed()) {
                    sink.abort(Replies.LOCAL_ERROR);
                    return;
                }
                s.phase(new Phase.Data(hello, tx, new Body(s.config(), sink)));
                s.send(Replies.START_DATA);
            }, reply -> {
                s.send(reply);
                endTransaction(s);
            });
        }
    }

    /** Body bytes; at the end of data the rest of the bytes go back to the command framer. */
    static void feed(SmtpServerSession s, Phase.Data data, byte[] bytes) {
        Body body = data.body();
        DataReader.Result result = body.feed(bytes);
        if (result == null) {
            return;
        }
        if (result.remaining().length > 0) {
            s.framer().feed(result.remaining());
        }
        Reply refusal = switch (result.status()) {
            case OK -> body.sinkFailed() ? Replies.TEMPORARY_STORAGE_FAILURE : null;
            case TOO_BIG -> Replies.MESSAGE_TOO_BIG;
            case BARE_LINE_ENDING -> Replies.BARE_LINE_ENDING;
            case LINE_TOO_LONG -> Replies.TEXT_LINE_TOO_LONG;
        };
        if (refusal != null) {
            body.abort(refusal);
            s.send(refusal);
            endTransaction(s);
            return;
        }
        s.await(() -> body.sink().end(result), reply -> {
            if (reply.isPositiveCompletion()) {
                s.messageAccepted();
            }
            s.send(reply);
            endTransaction(s);
        }, reply -> {
            s.send(reply);
            endTransaction(s);
        });
    }

    private static void endTransaction(SmtpServerSession s) {
        if (!s.closed()) {
            s.phase(new Phase.Commands(s.phase().hello()));
        }
    }
}
