package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.sasl.SaslBase64;
import io.dequeue.smtp.sasl.SaslServerMechanism;
import io.dequeue.smtp.sasl.SaslStep;

import java.nio.charset.StandardCharsets;

/**
 * AUTH (RFC 4954): after EHLO, once, outside a transaction, with a mechanism usable now; the
 * exchange runs in the {@link Phase.Sasl} phase (lines up to the AUTH line limit), then the policy
 * verifies the attempt. Refusals count as errors and junk commands; failed credentials count
 * toward the AUTH failure limit ({@code 421 4.7.0} and close).
 */
final class AuthVerb {
    private AuthVerb() {
    }

    static void handle(SmtpServerSession s, Command.Auth cmd) {
        Phase.Commands at = (Phase.Commands) s.phase();
        if (!(at.hello() instanceof Hello.Known hello) || !hello.extended()) {
            s.refused(Replies.EHLO_FIRST);
            return;
        }
        if (s.authenticatedIdentity() != null) {
            s.refused(Replies.ALREADY_AUTHENTICATED);
            return;
        }
        if (at.transaction() instanceof Transaction.Open) {
            s.refused(Replies.AUTH_IN_TRANSACTION);
            return;
        }
        String mech = cmd.mechanism();
        if (!s.config().authMechanisms().contains(mech)) {
            s.refused(Replies.AUTH_MECHANISM_UNKNOWN);
            return;
        }
        if (!HeloVerb.usableMechanisms(s).contains(mech)) {
            s.refused(Replies.ENCRYPTION_REQUIRED);
            return;
        }
        SaslServerMechanism sasl = SaslServerMechanism.create(mech, s.config().hostname());
        try {
            byte[] initial = cmd.hasInitialResponse() ? SaslBase64.decodeInitialResponse(cmd.initialResponse()) : null;
            step(s, hello, sasl, sasl.start(initial));
        } catch (ReplyException e) {
            end(s, hello);
            s.junk(e.reply());
        }
    }

    /** A line of the exchange: the client's response to a 334. */
    static void response(SmtpServerSession s, Phase.Sasl at, byte[] line) {
        try {
            byte[] response = SaslBase64.decodeResponse(new String(line, StandardCharsets.ISO_8859_1));
            step(s, at.hello(), at.mechanism(), at.mechanism().respond(response));
        } catch (ReplyException e) {
            end(s, at.hello());
            s.junk(e.reply());
        }
    }

    /** Leaves the exchange: command lines and their limit again. */
    static void end(SmtpServerSession s, Hello.Known hello) {
        s.framer().setLimit(s.config().maxCommandLine());
        if (s.phase() instanceof Phase.Sasl) {
            s.phase(new Phase.Commands(hello));
        }
    }

    private static void step(SmtpServerSession s, Hello.Known hello, SaslServerMechanism sasl, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            s.phase(new Phase.Sasl(hello, sasl));
            s.framer().setLimit(s.config().maxAuthLine());
            s.send(Replies.authChallenge(challenge.data()));
            return;
        }
        AuthAttempt attempt = ((SaslStep.Done) step).attempt();
        end(s, hello);
        s.await(() -> s.policy().authenticate(s, attempt), outcome -> {
            clearSecrets(attempt);
            if (outcome instanceof AuthOutcome.Success success) {
                s.authenticated(success.identity());
                s.send(Replies.AUTH_SUCCESSFUL);
            } else if (s.authFailureLimitReached()) {
                s.send(Replies.AUTH_TOO_MANY_FAILURES);
                s.closeSession();
            } else {
                s.junk(((AuthOutcome.Failure) outcome).reply());
            }
        }, reply -> {
            clearSecrets(attempt);
            s.send(reply == Replies.LOCAL_ERROR ? Replies.AUTH_TEMPORARY_FAILURE : reply);
        });
    }

    private static void clearSecrets(AuthAttempt attempt) {
        if (attempt instanceof AuthAttempt.Password p) {
            p.credentials().clear();
        }
    }
}
