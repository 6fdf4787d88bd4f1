package io.dequeue.systemtest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A customer's side of ODMR done by hand, for what fetchmail cannot be made to do: authenticate
 * (CRAM-MD5), ask ATRN, and then keep the reversed session open without answering, so that the
 * test decides when the turn happens (or that it never does).
 */
final class AtrnClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AtrnClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private AtrnClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        expect("220");
    }

    /**
     * A client of the implicit-TLS port. The local edge's certificate is self-signed, so this
     * client (like fetchmail with {@code sslcertck} off) does not check it.
     */
    static AtrnClient tls(int port) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
            s.startHandshake();
            return new AtrnClient(s);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** EHLO; returns the reply's lines. */
    List<String> ehlo() throws IOException {
        send("EHLO customer.test");
        List<String> lines = reply();
        if (!lines.get(lines.size() - 1).startsWith("250")) {
            throw new IOException("EHLO: " + lines);
        }
        return lines;
    }

    /** AUTH CRAM-MD5 as {@code login}; returns the final reply line. */
    String authCramMd5(String login, String password) throws IOException {
        send("AUTH CRAM-MD5");
        String challenge = last(reply());
        if (!challenge.startsWith("334 ")) {
            throw new IOException("AUTH CRAM-MD5: " + challenge);
        }
        byte[] nonce = Base64.getDecoder().decode(challenge.substring(4).trim());
        String digest;
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            digest = HexFormat.of().formatHex(mac.doFinal(nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        send(Base64.getEncoder().encodeToString((login + " " + digest).getBytes(StandardCharsets.UTF_8)));
        return last(reply());
    }

    /** ATRN for the given domains (comma separated); returns the reply line. */
    String atrn(String domains) throws IOException {
        send("ATRN " + domains);
        return last(reply());
    }

    /** Whether the gateway keeps the reversed session open and says nothing for {@code millis} (it must wait for our 220). */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.read(); // a byte, or the end of the stream: either way not a silent wait
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(30_000);
        }
    }

    private void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void expect(String code) throws IOException {
        String l = last(reply());
        if (!l.startsWith(code)) {
            throw new IOException("expected " + code + " but got " + l);
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    private String readLine() throws IOException {
        return CrLf.requireLine(in, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
