package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyParser;

import java.util.ArrayList;
import java.util.List;

/** An in-memory session with a {@link TestPolicy}, and helpers to talk to it. */
final class Harness {

    final InMemoryTransport transport = new InMemoryTransport();
    final TestPolicy policy;
    final SmtpServerSession session;
    private final ReplyParser parser = new ReplyParser();

    Harness(ServerConfig config) {
        this(config, new TestPolicy());
    }

    Harness(ServerConfig config, TestPolicy policy) {
        this.policy = policy;
        transport.setTlsAvailable(config.tlsEnabled());
        session = new SmtpServerSession(transport, config, policy);
        session.start();
    }

    static ServerConfig smtp() {
        return ServerConfig.smtp().withHostname("gw.example");
    }

    /** Sends text (CR LF must be in it) and returns the replies it produced. */
    List<Reply> send(String text) {
        transport.clientSend(text);
        return replies();
    }

    List<Reply> replies() {
        parser.feed(transport.takeOutput());
        List<Reply> out = new ArrayList<>();
        Reply r;
        while ((r = parser.next()) != null) {
            out.add(r);
        }
        return out;
    }

    /** Each reply as "code" or "code enhanced". */
    static List<String> codes(List<Reply> replies) {
        List<String> out = new ArrayList<>();
        for (Reply r : replies) {
            out.add(r.enhancedCode() == null ? Integer.toString(r.code()) : r.code() + " " + r.enhancedCode());
        }
        return out;
    }

    List<String> sendCodes(String text) {
        return codes(send(text));
    }
}
