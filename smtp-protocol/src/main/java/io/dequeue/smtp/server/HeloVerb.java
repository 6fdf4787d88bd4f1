package io.dequeue.smtp.server;

import io.dequeue.smtp.sasl.CramMd5;

import java.util.ArrayList;
import java.util.List;

/** EHLO and HELO: a 2xx from the policy names the client and ends any open transaction. */
final class HeloVerb {
    private HeloVerb() {
    }

    static void handle(SmtpServerSession s, String domain, boolean ehlo) {
        List<String> capabilities = ehlo ? capabilities(s) : List.of();
        s.await(() -> s.policy().helo(s, domain, ehlo, capabilities), reply -> {
            s.send(reply);
            if (reply.isPositiveCompletion() && !s.closed()) {
                s.phase(new Phase.Commands(new Hello.Known(domain, ehlo)));
            }
        }, s::send);
    }

    /** The EHLO keywords offered now. */
    static List<String> capabilities(SmtpServerSession s) {
        ServerConfig config = s.config();
        List<String> caps = new ArrayList<>();
        boolean smtp = config.mode() == ServerConfig.Mode.SMTP;
        if (smtp) {
            caps.add("PIPELINING");
            caps.add("SIZE " + config.maxMessageSize());
            caps.add("8BITMIME");
        }
        caps.add("ENHANCEDSTATUSCODES");
        if (smtp && config.dsnEnabled()) {
            caps.add("DSN");
        }
        if (smtp && config.etrnEnabled()) {
            caps.add("ETRN");
        }
        if (config.tlsEnabled() && s.transport().isTlsAvailable() && !s.transport().isTls()) {
            caps.add("STARTTLS");
        }
        List<String> mechs = usableMechanisms(s);
        if (!mechs.isEmpty()) {
            caps.add("AUTH " + String.join(" ", mechs));
        }
        if (config.atrnEnabled() && !smtp) {
            caps.add("ATRN");
        }
        return caps;
    }

    /** The SASL mechanisms usable now: CRAM-MD5 always, the others over TLS (or when allowed without). */
    static List<String> usableMechanisms(SmtpServerSession s) {
        List<String> out = new ArrayList<>();
        for (String m : s.config().authMechanisms()) {
            if (m.equals(CramMd5.NAME) || s.transport().isTls() || s.config().allowInsecureAuth()) {
                out.add(m);
            }
        }
        return out;
    }
}
