package io.dequeue.delivery.dns;

import io.dequeue.model.IpLiteral;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Resolver} holding its zone in memory, for tests and local runs: MX and address records,
 * and names that answer NXDOMAIN, SERVFAIL or time out. A name with no data at all is NXDOMAIN; a
 * name with some data but none of the asked type is NODATA. Thread-safe.
 */
public final class InMemoryResolver implements Resolver {

    private enum Fault { NXDOMAIN, SERVFAIL, TIMEOUT }

    private final Map<String, List<MxRecord>> mx = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();

    public InMemoryResolver mx(String domain, int preference, String host) {
        mx.computeIfAbsent(MxRecord.canonical(domain), k -> new ArrayList<>()).add(new MxRecord(preference, host));
        return this;
    }

    /** RFC 7505 null MX: {@code domain. MX 0 .} */
    public InMemoryResolver nullMx(String domain) {
        return mx(domain, 0, ".");
    }

    /** A or AAAA records (IP literals). */
    public InMemoryResolver address(String host, String... ips) {
        List<InetAddress> list = addresses.computeIfAbsent(MxRecord.canonical(host), k -> new ArrayList<>());
        for (String ip : ips) {
            byte[] raw = IpLiteral.parse(ip);
            if (raw == null) {
                throw new IllegalArgumentException("not an IP address: " + ip);
            }
            try {
                list.add(InetAddress.getByAddress(raw));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return this;
    }

    public InMemoryResolver nxdomain(String name) {
        faults.put(MxRecord.canonical(name), Fault.NXDOMAIN);
        return this;
    }

    public InMemoryResolver servfail(String name) {
        faults.put(MxRecord.canonical(name), Fault.SERVFAIL);
        return this;
    }

    public InMemoryResolver timeout(String name) {
        faults.put(MxRecord.canonical(name), Fault.TIMEOUT);
        return this;
    }

    /** Questions asked so far. */
    public int queries() {
        return queries.get();
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        return answer(MxRecord.canonical(domain), mx);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        DnsAnswer<InetAddress> a = answer(MxRecord.canonical(host), addresses);
        if (a instanceof DnsAnswer.Records<InetAddress> r) {
            List<InetAddress> sorted = new ArrayList<>(r.records());
            sorted.sort((x, y) -> Integer.compare(x.getAddress().length, y.getAddress().length));
            return new DnsAnswer.Records<>(sorted);
        }
        return a;
    }

    private <T> DnsAnswer<T> answer(String name, Map<String, List<T>> table) {
        queries.incrementAndGet();
        Fault f = faults.get(name);
        if (f != null) {
            return switch (f) {
                case NXDOMAIN -> new DnsAnswer.NoSuchDomain<>();
                case SERVFAIL -> new DnsAnswer.TemporaryFailure<>("SERVFAIL");
                case TIMEOUT -> new DnsAnswer.TemporaryFailure<>("timeout");
            };
        }
        List<T> records = table.get(name);
        if (records != null && !records.isEmpty()) {
            return new DnsAnswer.Records<>(records);
        }
        boolean exists = mx.containsKey(name) || addresses.containsKey(name);
        return exists ? new DnsAnswer.NoRecords<>() : new DnsAnswer.NoSuchDomain<>();
    }
}
