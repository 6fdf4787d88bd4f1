package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.sasl.Credentials;
import io.dequeue.smtp.sasl.Login;
import io.dequeue.smtp.sasl.Plain;
import io.dequeue.smtp.sasl.SaslBase64;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * The AUTH step of the setup: CRAM-MD5 when offered, else PLAIN or LOGIN, which send the password
 * itself and so only in TLS (or when {@link ClientConfig#allowPlaintextAuth()}). Any failure QUITs
 * and fails the setup with a transient local reply. Password bytes are wiped after use.
 */
final class ClientAuth {

    private final Wire wire;
    private final Duration timeout;

    private ClientAuth(Wire wire, Duration timeout) {
        this.wire = wire;
        this.timeout = timeout;
    }

    /** AUTH as {@code login} with a mechanism of {@code offered}; succeeds at once without credentials. */
    static Future<Void> run(Wire wire, ClientConfig config, Set<String> offered) {
        Credentials login = config.credentials();
        if (login == null) {
            return Future.succeededFuture();
        }
        ClientAuth auth = new ClientAuth(wire, config.timeouts().command());
        boolean clearTextOk = wire.isTls() || config.allowPlaintextAuth();
        if (offered.contains(CramMd5.NAME)) {
            return auth.cramMd5(login);
        }
        if (clearTextOk && offered.contains(Plain.NAME)) {
            return auth.plain(login);
        }
        if (clearTextOk && offered.contains(Login.NAME)) {
            return auth.login(login);
        }
        return wire.quitAndFail(LocalReplies.AUTH_NOT_POSSIBLE);
    }

    private Future<Void> cramMd5(Credentials login) {
        wire.command("AUTH " + CramMd5.NAME);
        return wire.expect("AUTH", timeout).compose(r -> {
            if (r.code() != 334) {
                return wire.quitAndFail(LocalReplies.authFailed(r));
            }
            byte[] challenge;
            try {
                challenge = SaslBase64.decodeResponse(r.lines().get(0).strip());
            } catch (ReplyException e) {
                return wire.quitAndFail(LocalReplies.authFailed(r));
            }
            byte[] password = login.password();
            String response = CramMd5.clientResponse(login.username(), password, challenge);
            Arrays.fill(password, (byte) 0);
            wire.command(response);
            return wire.expect("AUTH", timeout).compose(this::done);
        });
    }

    private Future<Void> plain(Credentials login) {
        byte[] password = login.password();
        String initial = Plain.initialResponse(login.authorizationId(), login.username(), password);
        Arrays.fill(password, (byte) 0);
        wire.command("AUTH " + Plain.NAME + " " + initial);
        return wire.expect("AUTH", timeout).compose(r -> {
            if (r.code() == 334) {
                wire.command(initial);
                return wire.expect("AUTH", timeout).compose(this::done);
            }
            return done(r);
        });
    }

    private Future<Void> login(Credentials login) {
        wire.command("AUTH " + Login.NAME);
        return wire.expect("AUTH", timeout).compose(r1 -> {
            if (r1.code() != 334) {
                return wire.<Reply>quitAndFail(LocalReplies.authFailed(r1));
            }
            wire.command(Login.usernameResponse(login.username()));
            return wire.expect("AUTH", timeout);
        }).compose(r2 -> {
            if (r2.code() != 334) {
                return wire.quitAndFail(LocalReplies.authFailed(r2));
            }
            byte[] password = login.password();
            String response = Login.passwordResponse(password);
            Arrays.fill(password, (byte) 0);
            wire.command(response);
            return wire.expect("AUTH", timeout).compose(this::done);
        });
    }

    private Future<Void> done(Reply r) {
        return r.code() == 235 ? Future.succeededFuture() : wire.quitAndFail(LocalReplies.authFailed(r));
    }
}
