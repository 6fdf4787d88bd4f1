package io.dequeue.delivery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The dnsjava resolver against a tiny UDP DNS responder on 127.0.0.1. */
class DnsjavaResolverTest {

    private static DatagramSocket socket;
    private static Thread responder;
    private static DnsjavaResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        responder = new Thread(DnsjavaResolverTest::serve, "test-dns");
        responder.setDaemon(true);
        responder.start();
        resolver = new DnsjavaResolver(Optional.of(new InetSocketAddress("127.0.0.1", socket.getLocalPort())),
                Duration.ofMillis(400));
    }

    @AfterAll
    static void stop() {
        socket.close();
    }

    private static void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message query = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                Message answer = answer(query);
                if (answer != null) {
                    byte[] out = answer.toWire();
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (Exception e) {
                // ignore a bad packet
            }
        }
    }

    private static Message answer(Message query) throws Exception {
        Record question = query.getQuestion();
        Name name = question.getName();
        int type = question.getType();
        String n = name.toString();
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.getHeader().setFlag(Flags.RD);
        r.addRecord(question, Section.QUESTION);
        Name zone = Name.fromString("test.");
        SOARecord soa = new SOARecord(zone, DClass.IN, 60, Name.fromString("ns.test."), Name.fromString("admin.test."),
                1, 60, 60, 60, 60);
        switch (n) {
            case "slow.test." -> {
                return null;
            }
            case "servfail.test." -> {
                r.getHeader().setRcode(Rcode.SERVFAIL);
                return r;
            }
            case "nx.test." -> {
                r.getHeader().setRcode(Rcode.NXDOMAIN);
                r.addRecord(soa, Section.AUTHORITY);
                return r;
            }
            default -> {
            }
        }
        if (type == Type.MX && n.equals("example.test.")) {
            r.addRecord(new MXRecord(name, DClass.IN, 60, 20, Name.fromString("mx2.example.test.")), Section.ANSWER);
            r.addRecord(new MXRecord(name, DClass.IN, 60, 10, Name.fromString("mx1.example.test.")), Section.ANSWER);
        } else if (type == Type.MX && n.equals("nullmx.test.")) {
            r.addRecord(new MXRecord(name, DClass.IN, 60, 0, Name.root), Section.ANSWER);
        } else if (type == Type.A && n.equals("mx1.example.test.")) {
            r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
        } else if (type == Type.AAAA && n.equals("mx1.example.test.")) {
            r.addRecord(new AAAARecord(name, DClass.IN, 60, InetAddress.getByName("2001:db8::1")), Section.ANSWER);
        } else if (type == Type.A && n.equals("mx2.example.test.")) {
            r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.2")), Section.ANSWER);
        } else {
            r.addRecord(soa, Section.AUTHORITY); // NOERROR, no data
        }
        return r;
    }

    @Test
    void mxRecordsAndAddresses() {
        DnsAnswer<MxRecord> mx = resolver.mx("example.test");
        assertThat(mx).isInstanceOf(DnsAnswer.Records.class);
        assertThat(((DnsAnswer.Records<MxRecord>) mx).records())
                .containsExactlyInAnyOrder(new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
        DnsAnswer<InetAddress> a = resolver.addresses("mx1.example.test");
        assertThat(((DnsAnswer.Records<InetAddress>) a).records().stream().map(InetAddress::getHostAddress))
                .containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
    }

    @Test
    void nullMxNoDataNxdomainServfailTimeout() {
        DnsAnswer<MxRecord> nullMx = resolver.mx("nullmx.test");
        assertThat(((DnsAnswer.Records<MxRecord>) nullMx).records().get(0).isNullMx()).isTrue();
        assertThat(resolver.addresses("noaddr.test")).isInstanceOf(DnsAnswer.NoRecords.class);
        assertThat(resolver.mx("noaddr.test")).isInstanceOf(DnsAnswer.NoRecords.class);
        assertThat(resolver.mx("nx.test")).isInstanceOf(DnsAnswer.NoSuchDomain.class);
        assertThat(resolver.mx("servfail.test")).isInstanceOf(DnsAnswer.TemporaryFailure.class);
        long t0 = System.nanoTime();
        assertThat(resolver.mx("slow.test")).isInstanceOf(DnsAnswer.TemporaryFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void targetResolutionThroughDnsjava() {
        TargetResolver t = new TargetResolver(resolver, List.of(), List.of(), new java.util.Random(1), 10);
        Resolution r = t.resolve(new io.dequeue.model.event.ReleaseTarget(
                io.dequeue.model.event.ReleaseTarget.Kind.MX, "example.test", 25));
        assertThat(((Resolution.Destinations) r).destinations().stream().map(Destination::ip))
                .containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1", "192.0.2.2");
    }
}
