package io.dequeue.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.client.tls.PeerTrust;
import io.dequeue.smtp.sasl.Credentials;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client session against a scripted peer on 127.0.0.1. */
class SmtpClientSessionTest {

    private static final String EHLO_PLAIN = "250-mx.test\n250-SIZE 10240000\n250-8BITMIME\n250-DSN\n250 ENHANCEDSTATUSCODES";
    private static final String EHLO_PIPELINING = "250-mx.test\n250-PIPELINING\n250 8BITMIME";
    private static final ClientConfig CONFIG = ClientConfig.outbound("gw.test")
            .withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(5)));

    private static Vertx vertx;
    private static NetClient netClient;
    private static ClientTransport transport;
    private final List<FakeSmtpServer> servers = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        netClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTrustAll(true)
                .setHostnameVerificationAlgorithm(""));
        transport = ClientTransport.create(vertx, Duration.ofSeconds(2), PeerTrust.jvmDefault());
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (FakeSmtpServer s : servers) {
            s.close();
        }
    }

    private FakeSmtpServer server() {
        FakeSmtpServer s = new FakeSmtpServer(vertx);
        servers.add(s);
        return s;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /**
     * A reversed session on an already-open socket, as the edge has it after "250 OK now reversing
     * the connection": connected on one context, paused, and handed over on that context.
     */
    private static Future<SmtpClientSession> reversed(FakeSmtpServer s, ClientConfig config) {
        Promise<SmtpClientSession> p = Promise.promise();
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> netClient.connect(s.port(), "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                p.fail(ar.cause());
                return;
            }
            NetSocket socket = ar.result();
            socket.pause();
            SmtpClientSession.reversed(vertx, socket, config).onComplete(p);
        }));
        return p.future();
    }

    @Test
    void reversedOffAVertxContextIsRefused() throws Exception {
        FakeSmtpServer s = server().greetAfter(Duration.ofMillis(200), "220 customer.example ESMTP").start();
        NetSocket socket = await(netClient.connect(s.port(), "127.0.0.1"));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(SmtpClientSession.reversed(vertx, socket, ClientConfig.reversed("gw.test"))));
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        socket.close();
    }

    /** The peer saw its one connection end: everything the client sent has been recorded. */
    private static void awaitClosed(FakeSmtpServer s) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.closedConnections.get() == 1);
    }

    private static SmtpClientException awaitFailure(Future<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(f));
        assertThat(e.getCause()).isInstanceOf(SmtpClientException.class);
        return (SmtpClientException) e.getCause();
    }

    private static SmtpClientSession open(FakeSmtpServer s, ClientConfig config) throws Exception {
        return await(SmtpClientSession.connect(vertx, transport, "127.0.0.1", s.port(), "mx.test", config));
    }

    private static OutboundMessage message(String from, byte[] content, String... to) {
        List<OutboundRecipient> rcpts = new ArrayList<>();
        for (String t : to) {
            rcpts.add(new OutboundRecipient(t));
        }
        return new OutboundMessage(from, rcpts, content);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertOutcome(RecipientResult r, Class<? extends RecipientOutcome> kind, int code) {
        assertThat(r.outcome()).isInstanceOf(kind);
        assertThat(r.outcome().reply().code()).isEqualTo(code);
    }

    @Test
    void normalFlowWithSizeBodyAndDsnParameters() throws Exception {
        byte[] content = ascii("Subject: hi\r\n\r\nhello\r\n");
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN)
                .on("MAIL FROM:<alice@example.com> SIZE=" + content.length + " BODY=8BITMIME RET=HDRS ENVID=QQ+2B314",
                        "250 2.1.0 Sender ok")
                .on("RCPT TO:<bob@example.net> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@example.net", "250 2.1.5 ok")
                .data("250 2.0.0 Ok: queued as X1")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG);
        assertThat(session.greeting().code()).isEqualTo(220);
        assertThat(session.capabilities().dsn()).isTrue();
        assertThat(session.capabilities().maxSize()).isEqualTo(10240000);
        OutboundRecipient bob = new OutboundRecipient("bob@example.net", Set.of(Notify.DELAY, Notify.FAILURE),
                Orcpt.rfc822("bob@example.net"));
        MessageResult result = await(session.send(new OutboundMessage("alice@example.com", List.of(bob), content,
                BodyType.EIGHT_BIT_MIME, Ret.HDRS, "QQ+314")));
        assertThat(result.allDelivered()).isTrue();
        assertThat(result.results().get(0).outcome().reply().text()).isEqualTo("Ok: queued as X1");
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.bodies).hasSize(1);
        assertThat(new String(s.bodies.get(0), StandardCharsets.ISO_8859_1))
                .isEqualTo("Subject: hi\r\n\r\nhello\r\n.\r\n");
        assertThat(s.lines()).hasSize(5).last().isEqualTo("QUIT");
        assertThat(result.bytesWritten()).isEqualTo(content.length + 3);
    }

    @Test
    void heloFallbackSendsNoExtensionParameters() throws Exception {
        FakeSmtpServer s = server().on("EHLO gw.test", "502 5.5.1 EHLO not implemented")
                .on("HELO gw.test", "250 mx.test")
                .on("MAIL FROM:<>", "250 ok")
                .on("RCPT TO:<bob@example.net>", "250 ok")
                .data("250 queued")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG);
        assertThat(session.capabilities().extended()).isFalse();
        OutboundRecipient bob = new OutboundRecipient("bob@example.net", Set.of(Notify.FAILURE), null);
        MessageResult r = await(session.send(new OutboundMessage("", List.of(bob), ascii("x\r\n"),
                BodyType.EIGHT_BIT_MIME, Ret.FULL, "id")));
        assertThat(r.allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.lines()).contains("MAIL FROM:<>", "RCPT TO:<bob@example.net>");
    }

    @Test
    void pipelinesMailRcptAndDataWhenOffered() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PIPELINING)
                .hold("MAIL FROM:<a@example.com>", "250 2.1.0 ok")
                .hold("RCPT TO:<b@example.net>", "250 2.1.5 ok")
                .hold("RCPT TO:<c@example.net>", "250 2.1.5 ok")
                .data("250 2.0.0 queued")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG.withTls(TlsMode.OFF));
        MessageResult r = await(session.send(message("a@example.com", ascii("hi\r\n"), "b@example.net", "c@example.net")));
        assertThat(r.allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        // MAIL, RCPT, RCPT and DATA arrived in one read: the replies were held until DATA
        List<Integer> reads = s.lineReads;
        assertThat(reads.subList(1, 5)).containsOnly(reads.get(1));
    }

    @Test
    void requiredTlsWithoutStartTlsFailsTransientlyBeforeAnyMail() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).quit().start();
        SmtpClientException e = awaitFailure(SmtpClientSession.connect(vertx, transport, "127.0.0.1", s.port(),
                "mx.test", CONFIG.withTls(TlsMode.REQUIRED)));
        assertThat(e.reply().code()).isEqualTo(451);
        assertThat(e.reply().enhancedCode()).isEqualTo("4.7.4");
        assertThat(e.outcome()).isInstanceOf(RecipientOutcome.Transient.class);
        awaitClosed(s);
        assertThat(s.lines()).containsExactly("EHLO gw.test", "QUIT");
    }

    @Test
    void opportunisticStartTlsUpgradesAndSaysEhloAgain() throws Exception {
        FakeSmtpServer s = server().on("EHLO", "250-mx.test\n250-STARTTLS\n250 PIPELINING")
                .startTls()
                .on("EHLO", "250-mx.test\n250 8BITMIME")
                .on("MAIL", "250 ok").on("RCPT", "250 ok").data("250 queued").quit().start();
        SmtpClientSession session = open(s, CONFIG);
        assertThat(session.isTls()).isTrue();
        assertThat(session.capabilities().startTls()).isFalse();
        assertThat(await(session.send(message("a@example.com", ascii("x\r\n"), "b@example.net"))).allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.sawTls).isTrue();
    }

    @Test
    void perRecipientMixOfDeliveredTransientAndPermanent() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN)
                .on("MAIL", "250 ok")
                .on("RCPT TO:<ok@example.net>", "250 2.1.5 ok")
                .on("RCPT TO:<full@example.net>", "452 4.2.2 Mailbox full")
                .on("RCPT TO:<nobody@example.net>", "550 5.1.1 User unknown")
                .data("250 2.0.0 queued")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("a@example.com", ascii("x\r\n"), "ok@example.net",
                "full@example.net", "nobody@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Delivered.class, 250);
        assertOutcome(r.results().get(1), RecipientOutcome.Transient.class, 452);
        assertOutcome(r.results().get(2), RecipientOutcome.Permanent.class, 550);
        assertThat(r.results().get(2).outcome().reply().enhancedCode()).isEqualTo("5.1.1");
        await(session.quit());
        assertThat(s.problems).isEmpty();
    }

    @Test
    void allRecipientsRefusedMeansNoData() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok")
                .on("RCPT", "550 5.1.1 unknown").on("RCPT", "450 4.7.1 later")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("a@example.com", ascii("x\r\n"), "x@example.net", "y@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Permanent.class, 550);
        assertOutcome(r.results().get(1), RecipientOutcome.Transient.class, 450);
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.lines()).noneMatch(l -> l.equals("DATA"));
    }

    @Test
    void refusedMailAppliesToEveryRecipient() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "451 4.3.0 try later").quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("a@example.com", ascii("x\r\n"), "x@example.net", "y@example.net")));
        assertThat(r.results()).allSatisfy(x -> assertOutcome(x, RecipientOutcome.Transient.class, 451));
        await(session.quit());
        assertThat(s.problems).isEmpty();
    }

    @Test
    void permanentFailureToDataAppliesToAcceptedRecipientsOnly() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok")
                .on("RCPT TO:<a@example.net>", "250 ok")
                .on("RCPT TO:<b@example.net>", "550 5.1.1 unknown")
                .on("DATA", "554 5.3.0 No thanks")
                .on("RSET", "250 ok")
                .on("MAIL", "250 ok").on("RCPT", "250 ok").data("250 queued")
                .quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("s@example.com", ascii("x\r\n"), "a@example.net", "b@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Permanent.class, 554);
        assertOutcome(r.results().get(1), RecipientOutcome.Permanent.class, 550);
        assertThat(session.isUsable()).isTrue();
        assertThat(await(session.send(message("s@example.com", ascii("y\r\n"), "a@example.net"))).allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
    }

    @Test
    void connectionLostAfterDataIsTransientForEveryOpenRecipient() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok")
                .on("RCPT TO:<a@example.net>", "250 ok")
                .on("RCPT TO:<b@example.net>", "550 5.1.1 unknown")
                .on("RCPT TO:<c@example.net>", "250 ok")
                .dataThenDrop().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("s@example.com", ascii("body\r\n"), "a@example.net",
                "b@example.net", "c@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Transient.class, 421);
        assertOutcome(r.results().get(1), RecipientOutcome.Permanent.class, 550);
        assertOutcome(r.results().get(2), RecipientOutcome.Transient.class, 421);
        assertThat(session.isUsable()).isFalse();
        SmtpClientException e = awaitFailure(session.send(message("s@example.com", ascii("x\r\n"), "a@example.net")));
        assertThat(e.outcome()).isInstanceOf(RecipientOutcome.Transient.class);
        assertThat(s.problems).isEmpty();
    }

    @Test
    void dotStuffingAndLineEndingsOnTheWire() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok").on("RCPT", "250 ok")
                .data("250 queued").on("MAIL", "250 ok").on("RCPT", "250 ok")
                .data("250 queued").quit().start();
        SmtpClientSession session = open(s, CONFIG.withDataChunkSize(512));

        byte[] first = ascii(".leading dot\r\n..two dots\r\nnormal\r\n.\r\nbare\nLF and bare\rCR\r\n8bit \u00e9\r\nno final crlf");
        String firstOnWire = "..leading dot\r\n...two dots\r\nnormal\r\n..\r\nbare\r\nLF and bare\r\nCR\r\n8bit \u00e9\r\n"
                + "no final crlf\r\n.\r\n";
        // many short dot lines: 512-byte blocks split lines and CR LF pairs
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        ByteArrayOutputStream bigOnWire = new ByteArrayOutputStream();
        for (int i = 0; i < 700; i++) {
            big.writeBytes(ascii(".ab\r\n"));
            bigOnWire.writeBytes(ascii("..ab\r\n"));
        }
        bigOnWire.writeBytes(ascii(".\r\n"));

        assertThat(await(session.send(message("s@example.com", first, "a@example.net"))).allDelivered()).isTrue();
        assertThat(await(session.send(message("s@example.com", big.toByteArray(), "a@example.net"))).allDelivered())
                .isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(new String(s.bodies.get(0), StandardCharsets.ISO_8859_1)).isEqualTo(firstOnWire);
        assertThat(s.bodies.get(1)).isEqualTo(bigOnWire.toByteArray());
        for (byte[] body : s.bodies) {
            for (int i = 0; i < body.length; i++) {
                if (body[i] == '\r') {
                    assertThat(body[i + 1]).as("CR at %d followed by LF", i).isEqualTo((byte) '\n');
                }
                if (body[i] == '\n') {
                    assertThat(body[i - 1]).as("LF at %d preceded by CR", i).isEqualTo((byte) '\r');
                }
            }
        }
    }

    @Test
    void noGreetingIsATransientTimeout() throws Exception {
        FakeSmtpServer s = server().greet(null).start();
        ClientConfig quick = CONFIG.withTimeouts(new ClientTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        long t0 = System.nanoTime();
        SmtpClientException e = awaitFailure(SmtpClientSession.connect(vertx, transport, "127.0.0.1", s.port(),
                "mx.test", quick));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(e.reply().toString()).isEqualTo("451 4.4.2 Timeout waiting for the reply to greeting");
        assertThat(e.outcome()).isInstanceOf(RecipientOutcome.Transient.class);
    }

    @Test
    void silentRcptIsATransientTimeoutForEveryOpenRecipient() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok")
                .on("RCPT TO:<a@example.net>", "550 5.1.1 unknown").silent("RCPT").start();
        ClientConfig quick = CONFIG.withTimeouts(new ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        SmtpClientSession session = open(s, quick);
        MessageResult r = await(session.send(message("s@example.com", ascii("x\r\n"), "a@example.net",
                "b@example.net", "c@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Permanent.class, 550);
        assertOutcome(r.results().get(1), RecipientOutcome.Transient.class, 451);
        assertThat(r.results().get(1).outcome().reply().text()).contains("RCPT");
        assertOutcome(r.results().get(2), RecipientOutcome.Transient.class, 451);
        assertThat(session.isUsable()).isFalse();
    }

    @Test
    void silenceAfterTheFinalDotIsATransientTimeout() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok").on("RCPT", "250 ok")
                .dataThenSilent().start();
        ClientConfig quick = CONFIG.withTimeouts(new ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(300)));
        SmtpClientSession session = open(s, quick);
        MessageResult r = await(session.send(message("s@example.com", ascii("x\r\n"), "a@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Transient.class, 451);
        assertThat(r.results().get(0).outcome().reply().text()).contains("end of data");
    }

    @Test
    void reversedSessionWaitsForTheGreetingAndNeitherPipelinesNorStartsTls() throws Exception {
        FakeSmtpServer s = server().greetAfter(Duration.ofMillis(300), "220 customer.example ESMTP")
                .on("EHLO gw.test", "250-customer.example\n250-PIPELINING\n250 STARTTLS")
                .on("MAIL FROM:<a@example.com>", "250 ok")
                .on("RCPT TO:<b@example.net>", "250 ok")
                .data("250 queued")
                .quit().start();
        SmtpClientSession session = await(reversed(s,
                ClientConfig.reversed("gw.test").withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(5)))));
        assertThat(session.mode()).isEqualTo(SmtpClientSession.Mode.REVERSED);
        assertThat(session.isTls()).isFalse();
        assertThat(await(session.send(message("a@example.com", ascii("x\r\n"), "b@example.net"))).allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.bytesBeforeGreeting).containsExactly(0);
        assertThat(s.lines()).containsExactly("EHLO gw.test", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.net>",
                "DATA", "QUIT");
        // one command per read: no pipelining toward the customer
        assertThat(s.lineReads.get(1)).isNotEqualTo(s.lineReads.get(2));
        assertThat(s.lineReads.get(2)).isNotEqualTo(s.lineReads.get(3));
    }

    @Test
    void reversedSessionPipelinesTowardAClientThatOffersTheOdmrPipeliningKeyword() throws Exception {
        FakeSmtpServer s = server().greetAfter(Duration.ofMillis(50), "220 customer.example ESMTP")
                .on("EHLO gw.test", "250-customer.example\n250-PIPELINING\n250 " + ClientConfig.ODMR_PIPELINING)
                .hold("MAIL FROM:<a@example.com>", "250 2.1.0 ok")
                .hold("RCPT TO:<b@example.net>", "250 2.1.5 ok")
                .data("250 queued")
                .quit().start();
        SmtpClientSession session = await(reversed(s,
                ClientConfig.reversed("gw.test").withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(5)))));
        assertThat(await(session.send(message("a@example.com", ascii("x\r\n"), "b@example.net"))).allDelivered()).isTrue();
        await(session.quit());
        assertThat(s.problems).isEmpty();
        // MAIL, RCPT and DATA arrived in one read
        assertThat(s.lineReads.subList(1, 4)).containsOnly(s.lineReads.get(1));
    }

    @Test
    void theOdmrPipeliningKeywordAloneIsNotPipelining() {
        Capabilities optInOnly = ehlo(ClientConfig.ODMR_PIPELINING);
        Capabilities both = ehlo("PIPELINING", ClientConfig.ODMR_PIPELINING);
        Capabilities plain = ehlo("PIPELINING");
        ClientConfig reversed = ClientConfig.reversed("gw.test");
        assertThat(reversed.pipelines(optInOnly)).isFalse();
        assertThat(reversed.pipelines(plain)).isFalse();
        assertThat(reversed.pipelines(both)).isTrue();
        assertThat(reversed.withPipelining(true).pipelines(plain)).isTrue();
        assertThat(ClientConfig.outbound("gw.test").pipelines(plain)).isTrue();
        assertThat(ClientConfig.outbound("gw.test").withPipelining(false).pipelines(both)).isFalse();
    }

    private static Capabilities ehlo(String... keywords) {
        List<String> lines = new ArrayList<>(List.of("customer.example"));
        lines.addAll(List.of(keywords));
        return Capabilities.parse(Reply.of(250, null, lines));
    }

    @Test
    void reversedSessionRequiringTlsRefusesAPlaintextSocket() throws Exception {
        FakeSmtpServer s = server().greetAfter(Duration.ofMillis(200), "220 customer.example ESMTP").quit().start();
        SmtpClientException e = awaitFailure(reversed(s, ClientConfig.reversed("gw.test").withTls(TlsMode.REQUIRED)));
        assertThat(e.reply().enhancedCode()).isEqualTo("4.7.4");
        awaitClosed(s);
        assertThat(s.lines()).containsExactly("QUIT");
    }

    @Test
    void severalMessagesOnOneConnectionWithoutRsetAfterACompletedTransaction() throws Exception {
        // RFC 5321 4.1.1.4: the reply to the end of data ends the transaction, so no RSET is needed
        // (one round trip less per message); the last message is refused after its data and the
        // next still follows without RSET.
        FakeSmtpServer s = server().on("EHLO", EHLO_PIPELINING);
        for (int i = 0; i < 3; i++) {
            s.on("MAIL", "250 ok").on("RCPT", "250 ok").data(i == 1 ? "554 5.7.1 rejected " + i : "250 queued " + i);
        }
        s.quit().start();
        SmtpClientSession session = open(s, CONFIG);
        for (int i = 0; i < 3; i++) {
            MessageResult r = await(session.send(message("a@example.com", ascii("m" + i + "\r\n"), "b@example.net")));
            assertThat(r.results().get(0).outcome().reply().text()).isEqualTo((i == 1 ? "rejected " : "queued ") + i);
        }
        assertThat(session.messagesSent()).isEqualTo(3);
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.connections).isEqualTo(1);
        assertThat(s.bodies).hasSize(3);
    }

    @Test
    void authenticatesWithCramMd5() throws Exception {
        byte[] challenge = ascii("<12345.678@mx.test>");
        FakeSmtpServer s = server().on("EHLO", "250-mx.test\n250 AUTH PLAIN CRAM-MD5")
                .on("AUTH CRAM-MD5", "334 " + Base64.getEncoder().encodeToString(challenge))
                .on("", "235 2.7.0 Authentication successful")
                .quit().start();
        Credentials login = new Credentials("", "example.net", ascii("s3cret"));
        SmtpClientSession session = open(s, CONFIG.withAuth(login, false));
        await(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.lines().get(2)).isEqualTo(CramMd5.clientResponse("example.net", ascii("s3cret"), challenge));
    }

    @Test
    void authenticatesWithPlainOrLoginWhenAllowed() throws Exception {
        Credentials login = new Credentials("", "example.net", ascii("s3cret"));
        FakeSmtpServer plain = server().on("EHLO", "250-mx.test\n250 AUTH PLAIN LOGIN")
                .on("AUTH PLAIN " + Base64.getEncoder().encodeToString(ascii("\0example.net\0s3cret")), "235 2.7.0 ok")
                .quit().start();
        await(open(plain, CONFIG.withAuth(login, true)).quit());
        assertThat(plain.problems).isEmpty();

        FakeSmtpServer loginOnly = server().on("EHLO", "250-mx.test\n250 AUTH LOGIN")
                .on("AUTH LOGIN", "334 VXNlcm5hbWU6")
                .on(Base64.getEncoder().encodeToString(ascii("example.net")), "334 UGFzc3dvcmQ6")
                .on(Base64.getEncoder().encodeToString(ascii("s3cret")), "235 2.7.0 ok")
                .quit().start();
        await(open(loginOnly, CONFIG.withAuth(login, true)).quit());
        assertThat(loginOnly.problems).isEmpty();

        FakeSmtpServer refused = server().on("EHLO", "250-mx.test\n250 AUTH CRAM-MD5")
                .on("AUTH CRAM-MD5", "334 " + Base64.getEncoder().encodeToString(ascii("<1.2@mx.test>")))
                .on("", "535 5.7.8 Authentication credentials invalid").quit().start();
        SmtpClientException e = awaitFailure(SmtpClientSession.connect(vertx, transport, "127.0.0.1", refused.port(),
                "mx.test", CONFIG.withAuth(login, false)));
        assertThat(e.outcome()).isInstanceOf(RecipientOutcome.Transient.class);
        assertThat(e.reply().text()).contains("535");
    }

    @Test
    void plainAuthIsNotUsedInPlaintextUnlessAllowed() throws Exception {
        FakeSmtpServer s = server().on("EHLO", "250-mx.test\n250 AUTH PLAIN LOGIN").quit().start();
        Credentials login = new Credentials("", "example.net", ascii("s3cret"));
        SmtpClientException e = awaitFailure(SmtpClientSession.connect(vertx, transport, "127.0.0.1", s.port(),
                "mx.test", CONFIG.withAuth(login, false)));
        assertThat(e.reply().enhancedCode()).isEqualTo("4.7.0");
        awaitClosed(s);
        assertThat(s.lines()).containsExactly("EHLO gw.test", "QUIT");
    }

    @Test
    void messageOverThePeersSizeLimitIsPermanentWithoutSending() throws Exception {
        FakeSmtpServer s = server().on("EHLO", "250-mx.test\n250 SIZE 10").quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("a@example.com", new byte[100], "b@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Permanent.class, 552);
        await(session.quit());
        assertThat(s.lines()).containsExactly("EHLO gw.test", "QUIT");
    }

    @Test
    void invalidRecipientIsRefusedLocally() throws Exception {
        FakeSmtpServer s = server().on("EHLO", EHLO_PLAIN).on("MAIL", "250 ok")
                .on("RCPT TO:<ok@example.net>", "250 ok").data("250 queued").quit().start();
        SmtpClientSession session = open(s, CONFIG);
        MessageResult r = await(session.send(message("a@example.com", ascii("x\r\n"), "bad\r\nRSET@example.net",
                "ok@example.net")));
        assertOutcome(r.results().get(0), RecipientOutcome.Permanent.class, 553);
        assertOutcome(r.results().get(1), RecipientOutcome.Delivered.class, 250);
        await(session.quit());
        assertThat(s.problems).isEmpty();
    }

    @Test
    void connectionRefusedIsTransient() throws Exception {
        // A socket that is bound but not listening holds the port: connecting to it is refused, and no
        // other listener (nor the client's own ephemeral port, a TCP self-connect) can take it meanwhile.
        SmtpClientException e;
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            e = awaitFailure(SmtpClientSession.connect(vertx, transport, "127.0.0.1", holder.getLocalPort(),
                    null, CONFIG));
        }
        assertThat(e.reply().enhancedCode()).isEqualTo("4.4.1");
        assertThat(e.reply().code()).isEqualTo(421);
        assertThatThrownBy(() -> { throw e; }).isInstanceOf(SmtpClientException.class);
    }
}
