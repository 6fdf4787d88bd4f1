package io.dequeue.smtp.script;

import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.wire.DataReader;

import java.time.Duration;

/** Builds the server configuration a script asks for in its {@code @key value} metadata. */
final class ScriptHarness {

    private ScriptHarness() {
    }

    static ServerConfig config(DialogueScript script) {
        ServerConfig c = script.meta("mode", "smtp").equals("odmr") ? ServerConfig.odmr() : ServerConfig.smtp();
        c = c.withHostname("gw.example");
        if (on(script, "tls")) {
            c = c.withTls(true);
        }
        if (on(script, "insecure-auth")) {
            c = c.withInsecureAuth(true);
        }
        if (script.meta("bare-line-endings", "reject").equals("normalize")) {
            c = c.withBareLineEndings(DataReader.BareLineEndingPolicy.NORMALIZE);
        }
        String idle = script.meta("idle-timeout", null);
        if (idle != null) {
            c = c.withIdleTimeout(Duration.ofMillis(Long.parseLong(idle)));
        }
        String rcpts = script.meta("max-recipients", null);
        if (rcpts != null) {
            c = c.withMaxRecipients(Integer.parseInt(rcpts));
        }
        return c;
    }

    static boolean on(DialogueScript script, String key) {
        String v = script.meta(key, "off");
        return v.equals("on") || v.equals("true");
    }
}
