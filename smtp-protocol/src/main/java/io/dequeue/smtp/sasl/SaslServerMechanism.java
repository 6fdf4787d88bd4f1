package io.dequeue.smtp.sasl;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.util.List;
import java.util.Locale;

/**
 * One server-side SASL exchange (single use). Responses arrive base64-decoded; failures are
 * {@link ReplyException}s ({@code 501 5.5.2}).
 */
public interface SaslServerMechanism {

    /** The mechanisms this library implements, in the order to advertise them. */
    List<String> SUPPORTED = List.of(CramMd5.NAME, Plain.NAME, Login.NAME);

    String name();

    /** Starts the exchange; {@code initialResponse} is null when the AUTH command had none. */
    SaslStep start(byte[] initialResponse);

    /** Handles the response to the last challenge. */
    SaslStep respond(byte[] response);

    /** A new exchange for a mechanism name, or null when it is not supported. */
    static SaslServerMechanism create(String mechanism, String hostname) {
        return switch (mechanism.toUpperCase(Locale.ROOT)) {
            case Plain.NAME -> new PlainServer();
            case Login.NAME -> new LoginServer();
            case CramMd5.NAME -> new CramMd5Server(hostname);
            default -> null;
        };
    }

    /** PLAIN: the initial response, or one empty challenge then the response. */
    final class PlainServer implements SaslServerMechanism {
        private boolean done;

        public String name() {
            return Plain.NAME;
        }

        public SaslStep start(byte[] initialResponse) {
            return initialResponse == null ? new SaslStep.Challenge(new byte[0]) : respond(initialResponse);
        }

        public SaslStep respond(byte[] response) {
            if (done) {
                throw new IllegalStateException("exchange already complete");
            }
            done = true;
            return new SaslStep.Done(new AuthAttempt.Password(Plain.NAME, Plain.decode(response)));
        }
    }

    /** LOGIN: {@code Username:} then {@code Password:}; an initial response is the user name. */
    final class LoginServer implements SaslServerMechanism {
        private String username;
        private boolean done;

        public String name() {
            return Login.NAME;
        }

        public SaslStep start(byte[] initialResponse) {
            if (initialResponse == null) {
                return new SaslStep.Challenge(Login.USERNAME_CHALLENGE);
            }
            return respond(initialResponse);
        }

        public SaslStep respond(byte[] response) {
            if (done) {
                throw new IllegalStateException("exchange already complete");
            }
            if (username == null) {
                username = Login.decodeUsername(response);
                return new SaslStep.Challenge(Login.PASSWORD_CHALLENGE);
            }
            done = true;
            return new SaslStep.Done(new AuthAttempt.Password(Login.NAME,
                    new Credentials("", username, Login.checkPassword(response))));
        }
    }

    /** CRAM-MD5: one fresh challenge, one response; no initial response allowed. */
    final class CramMd5Server implements SaslServerMechanism {
        private final String hostname;
        private byte[] challenge;
        private boolean done;

        public CramMd5Server(String hostname) {
            this.hostname = hostname;
        }

        public String name() {
            return CramMd5.NAME;
        }

        public SaslStep start(byte[] initialResponse) {
            if (initialResponse != null) {
                throw new ReplyException(Replies.AUTH_BAD_RESPONSE);
            }
            challenge = CramMd5.newChallenge(hostname);
            return new SaslStep.Challenge(challenge);
        }

        public SaslStep respond(byte[] response) {
            if (done || challenge == null) {
                throw new IllegalStateException("challenge not issued or already used");
            }
            done = true;
            CramMd5.Response r = CramMd5.parseResponse(response);
            return new SaslStep.Done(new AuthAttempt.CramMd5Digest(r.username(), challenge, r.hexDigest()));
        }
    }
}
