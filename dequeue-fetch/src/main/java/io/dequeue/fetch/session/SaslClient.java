package io.dequeue.fetch.session;

import io.dequeue.fetch.AuthMechanism;
import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.UpstreamOptions;
import io.dequeue.smtp.client.Capabilities;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.sasl.Login;
import io.dequeue.smtp.sasl.Plain;
import io.dequeue.smtp.sasl.SaslBase64;

/**
 * AUTH with the shared SASL codecs of smtp-protocol: CRAM-MD5 anywhere, PLAIN and LOGIN only on a
 * TLS connection. 235 succeeds; 4xx is a temporary refusal; 5xx (535 and others) is an
 * authentication failure. Responses are never logged.
 */
final class SaslClient {

    private final UpstreamClient client;
    private final UpstreamOptions options;

    SaslClient(UpstreamClient client, UpstreamOptions options) {
        this.client = client;
        this.options = options;
    }

    void authenticate(Capabilities caps) throws FetchException {
        AuthMechanism mech = options.auth();
        if (mech.needsTls() && !client.isTls()) {
            throw new FetchException(ExitStatus.USAGE, "AUTH " + mech.saslName() + " refused without TLS");
        }
        if (!caps.authMechanisms().contains(mech.saslName())) {
            throw new FetchException(ExitStatus.AUTH, options.server() + " does not offer AUTH " + mech.saslName()
                    + " (offers: " + String.join(" ", caps.authMechanisms()) + ")");
        }
        Reply r = switch (mech) {
            case CRAM_MD5 -> cramMd5();
            case PLAIN -> client.command("AUTH PLAIN " + Plain.initialResponse("", options.user(), options.password()),
                    "AUTH PLAIN ***");
            case LOGIN -> login();
        };
        if (r.code() == 235) {
            return;
        }
        if (r.isTransientFailure()) {
            throw new FetchException(ExitStatus.UPSTREAM_TEMPORARY, "AUTH refused temporarily: " + r);
        }
        throw new FetchException(ExitStatus.AUTH, "authentication failed: " + r);
    }

    private Reply cramMd5() throws FetchException {
        Reply r = client.command("AUTH CRAM-MD5");
        if (r.code() != 334) {
            return r;
        }
        byte[] challenge;
        try {
            challenge = java.util.Base64.getDecoder().decode(r.lines().get(0).strip());
        } catch (IllegalArgumentException e) {
            client.command("*");
            throw new FetchException(ExitStatus.AUTH, "CRAM-MD5 challenge is not base64");
        }
        return client.command(CramMd5.clientResponse(options.user(), options.password(), challenge), "***");
    }

    private Reply login() throws FetchException {
        Reply r = client.command("AUTH LOGIN");
        if (r.code() != 334) {
            return r;
        }
        r = client.command(Login.usernameResponse(options.user()), "***");
        if (r.code() != 334) {
            return r;
        }
        return client.command(SaslBase64.encode(options.password()), "***");
    }
}
