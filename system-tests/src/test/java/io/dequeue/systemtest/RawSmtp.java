package io.dequeue.systemtest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/** A plain SMTP client for dialogues: writes command bytes with CR LF, reads replies whole. */
final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** The greeting. */
    final String greeting;

    RawSmtp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        greeting = reply();
    }

    /** Sends one command line and returns the whole reply (lines joined with LF, no CR LF at the end). */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** Sends several command lines at once (PIPELINING, RFC 2920) and returns their replies in order. */
    java.util.List<String> pipeline(String... lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        java.util.List<String> replies = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            replies.add(reply());
        }
        return replies;
    }

    /**
     * After a 354: sends the message (CR LF line ends, no line starting with a dot, ending with
     * CR LF) and the final dot, and returns the reply.
     */
    String data(byte[] message) throws IOException {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        if (text.startsWith(".") || text.contains("\n.") || !text.endsWith("\r\n")) {
            throw new IllegalArgumentException("the message would need dot-stuffing or does not end with CR LF");
        }
        out.write(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** AUTH CRAM-MD5 (RFC 2195) as {@code login}; returns the final reply. */
    String authCramMd5(String login, String password) throws IOException {
        String challengeReply = command("AUTH CRAM-MD5");
        if (!challengeReply.startsWith("334 ")) {
            return challengeReply;
        }
        byte[] challenge = Base64.getDecoder().decode(challengeReply.substring(4).strip());
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(challenge));
            String response = login + " " + digest;
            return command(Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        return CrLf.requireLine(in, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
