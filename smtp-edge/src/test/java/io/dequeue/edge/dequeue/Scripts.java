package io.dequeue.edge.dequeue;

import io.dequeue.smtp.script.DialogueScript;
import io.dequeue.smtp.script.ScriptConnection;
import io.dequeue.smtp.script.ScriptRunner;
import io.dequeue.smtp.script.SocketScriptConnection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Map;

/** Plays a dialogue script over TCP against the running edge, after filling in its {@code ${NAME}} placeholders. */
public final class Scripts {
    private Scripts() {
    }

    public static ScriptRunner.Result play(String resource, int port, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = Scripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no such resource: " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException(resource + ": a placeholder has no value");
        }
        DialogueScript script = DialogueScript.parse(resource.substring(resource.lastIndexOf('/') + 1), text);
        try (CramMd5Connection c = new CramMd5Connection(new SocketScriptConnection("127.0.0.1", port,
                Duration.ofSeconds(15), Duration.ofMillis(300)))) {
            return ScriptRunner.run(script, c).orThrow();
        }
    }

    /**
     * Lets a script answer a CRAM-MD5 challenge: the step {@code C: !cram-md5 LOGIN} sends the
     * response for LOGIN with {@link TestGateways#PASSWORD} to the last {@code 334} challenge read.
     */
    static final class CramMd5Connection implements ScriptConnection {
        private final ScriptConnection inner;
        private String lastChallenge;

        CramMd5Connection(ScriptConnection inner) {
            this.inner = inner;
        }

        @Override
        public void send(byte[] bytes) throws IOException {
            String s = new String(bytes, StandardCharsets.ISO_8859_1);
            if (s.startsWith("!cram-md5 ") && lastChallenge != null) {
                String login = s.substring(10).strip();
                inner.send((cramMd5(login, TestGateways.PASSWORD, lastChallenge) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            inner.send(bytes);
        }

        @Override
        public String readLine() throws IOException {
            String l = inner.readLine();
            if (l != null && l.startsWith("334 ")) {
                lastChallenge = l.substring(4);
            }
            return l;
        }

        @Override
        public boolean quiet() throws IOException {
            return inner.quiet();
        }

        @Override
        public boolean closedByServer() throws IOException {
            return inner.closedByServer();
        }

        @Override
        public void pass(long millis) throws IOException {
            inner.pass(millis);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    /** The base64 CRAM-MD5 response (RFC 2195) to a base64 challenge. */
    public static String cramMd5(String login, String password, String base64Challenge) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(Base64.getDecoder().decode(base64Challenge)));
            return Base64.getEncoder().encodeToString((login + " " + digest).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AUTH PLAIN initial response for a login and password. */
    public static String plain(String login, String password) {
        return Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
