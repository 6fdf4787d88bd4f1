package io.dequeue.fetch.session;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.UpstreamOptions;
import io.dequeue.fetch.UpstreamTls;
import io.dequeue.smtp.client.Capabilities;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyParser;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client side of the upstream session, shared by ODMR and ETRN: connect (plain or implicit
 * TLS), greeting, EHLO, STARTTLS, EHLO again, AUTH. Every failure is a {@link FetchException} with
 * its exit status.
 */
final class UpstreamClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.dequeue.fetch.upstream");

    private final UpstreamOptions options;
    private Wire wire;
    private ReplyReader replies;
    private Capabilities capabilities = Capabilities.NONE;

    UpstreamClient(UpstreamOptions options) {
        this.options = options;
    }

    /** Connects, greets, secures and authenticates (when a user is set). */
    void open() throws FetchException {
        SSLSocketFactory tls = options.tls() == UpstreamTls.NONE ? null : TlsSetup.factory(options);
        try {
            wire = options.tls() == UpstreamTls.IMPLICIT
                    ? Wire.connectTls(options.server(), options.timeout(), tls)
                    : Wire.connect(options.server(), options.timeout());
        } catch (SSLException e) {
            throw new FetchException(ExitStatus.CONNECTION, "TLS with " + options.server() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetchException(ExitStatus.CONNECTION, "cannot connect to " + options.server() + ": " + e.getMessage(), e);
        }
        replies = new ReplyReader(wire);
        Reply greeting = read("greeting");
        if (greeting.code() != 220) {
            throw refused("greeting", greeting);
        }
        ehlo();
        if (options.tls() == UpstreamTls.STARTTLS) {
            if (!capabilities.startTls()) {
                throw new FetchException(ExitStatus.CONNECTION, options.server() + " does not offer STARTTLS (use --tls implicit or none)");
            }
            Reply r = command("STARTTLS");
            if (r.code() != 220) {
                throw refused("STARTTLS", r);
            }
            if (replies.buffered() > 0) {
                throw new FetchException(ExitStatus.CONNECTION, "bytes received after STARTTLS before the handshake");
            }
            try {
                wire.startTls(tls, options.server());
            } catch (IOException e) {
                throw new FetchException(ExitStatus.CONNECTION, "TLS with " + options.server() + " failed: " + e.getMessage(), e);
            }
            replies = new ReplyReader(wire);
            ehlo();
        }
        if (options.user() != null) {
            new SaslClient(this, options).authenticate(capabilities);
        }
    }

    private void ehlo() throws FetchException {
        Reply r = command("EHLO " + options.helo());
        if (!r.isPositiveCompletion()) {
            throw refused("EHLO", r);
        }
        capabilities = Capabilities.parse(r);
    }

    Capabilities capabilities() {
        return capabilities;
    }

    boolean isTls() {
        return wire.isTls();
    }

    Wire wire() {
        return wire;
    }

    ReplyReader replies() {
        return replies;
    }

    /** Sends a command and reads its reply; the line is logged. */
    Reply command(String line) throws FetchException {
        return command(line, line);
    }

    /** Sends a command (logged as {@code shown}, for secrets) and reads its reply. */
    Reply command(String line, String shown) throws FetchException {
        LOG.fine(() -> "upstream <- " + shown);
        try {
            wire.line(line);
            wire.flush();
        } catch (IOException e) {
            throw new FetchException(ExitStatus.CONNECTION, "connection to " + options.server() + " lost: " + e.getMessage(), e);
        }
        return read(shown.split(" ")[0]);
    }

    Reply read(String what) throws FetchException {
        try {
            Reply r = replies.read();
            LOG.fine(() -> "upstream -> " + r);
            return r;
        } catch (ReplyParser.MalformedReplyException e) {
            throw new FetchException(ExitStatus.CONNECTION, "bad reply from " + options.server() + " to " + what + ": " + e.getMessage());
        } catch (IOException e) {
            throw new FetchException(ExitStatus.CONNECTION, "connection to " + options.server() + " lost waiting for the reply to "
                    + what + ": " + e.getMessage(), e);
        }
    }

    /** A refusal: 4xx is temporary, 5xx permanent. */
    static FetchException refused(String what, Reply r) {
        int status = r.isTransientFailure() ? ExitStatus.UPSTREAM_TEMPORARY : ExitStatus.UPSTREAM_PERMANENT;
        return new FetchException(status, what + " refused: " + r);
    }

    /** Sends QUIT and closes (best effort). */
    void quit() {
        if (wire == null) {
            return;
        }
        try {
            wire.line("QUIT");
            wire.flush();
            replies.read();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "QUIT not answered: {0}", e.getMessage());
        }
        wire.close();
    }

    @Override
    public void close() {
        if (wire != null) {
            wire.close();
        }
    }
}
