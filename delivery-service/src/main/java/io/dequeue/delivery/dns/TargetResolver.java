package io.dequeue.delivery.dns;

import io.dequeue.delivery.DeliveryReplies;
import io.dequeue.model.IpLiteral;
import io.dequeue.model.event.ReleaseTarget;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns a {@link ReleaseTarget} into the addresses to try, in order (PROTOCOL.md, "Delivery
 * targets"; RFC 5321 5.1; RFC 7505):
 * <ul>
 * <li>requester IP and IP address: as is, no DNS;</li>
 * <li>exact host ({@code [host]}): A/AAAA only;</li>
 * <li>MX domain: MX by preference, in random order among equal preferences; the domain's own
 * A/AAAA (implicit MX) when it has no MX; a null MX is a permanent failure. MX hosts that are
 * this gateway (by name, or by an address) are dropped together with every host of equal or
 * lower preference; if none is left, that is a permanent "loop" failure.</li>
 * </ul>
 * DNS timeouts and SERVFAIL are transient failures, NXDOMAIN permanent.
 */
public final class TargetResolver {

    private final Resolver resolver;
    private final Set<String> ownNames;
    private final Set<InetAddress> ownAddresses;
    private final RandomGenerator random;
    private final int maxMxHosts;

    /**
     * @param ownNames     host names of this gateway (case-insensitive)
     * @param ownAddresses IP addresses of this gateway
     * @param maxMxHosts   at most this many MX hosts are looked up
     */
    public TargetResolver(Resolver resolver, Collection<String> ownNames, Collection<String> ownAddresses,
                          RandomGenerator random, int maxMxHosts) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        Set<String> names = new HashSet<>();
        for (String n : ownNames) {
            names.add(MxRecord.canonical(n));
        }
        this.ownNames = Collections.unmodifiableSet(names);
        Set<InetAddress> addrs = new HashSet<>();
        for (String a : ownAddresses) {
            InetAddress ip = literal(a);
            if (ip == null) {
                throw new IllegalArgumentException("own address is not an IP address: " + a);
            }
            addrs.add(ip);
        }
        this.ownAddresses = Collections.unmodifiableSet(addrs);
        this.random = Objects.requireNonNull(random, "random");
        if (maxMxHosts < 1) {
            throw new IllegalArgumentException("maxMxHosts must be at least 1");
        }
        this.maxMxHosts = maxMxHosts;
    }

    public Resolution resolve(ReleaseTarget target) {
        return switch (target.kind()) {
            case REQUESTER_IP, IP_ADDRESS -> ipLiteral(target);
            case EXACT_HOST -> exactHost(target);
            case MX -> mxDomain(target);
        };
    }

    private Resolution ipLiteral(ReleaseTarget target) {
        InetAddress ip = literal(target.host());
        if (ip == null) {
            return new Resolution.Failure(DeliveryReplies.badTarget("not an IP address: " + target.host()));
        }
        return new Resolution.Destinations(List.of(new Destination(ip.getHostAddress(), ip, target.port(), 0)));
    }

    private Resolution exactHost(ReleaseTarget target) {
        String host = bare(target.host());
        InetAddress ip = literal(host);
        if (ip != null) {
            return new Resolution.Destinations(List.of(new Destination(host, ip, target.port(), 0)));
        }
        DnsAnswer<InetAddress> a = resolver.addresses(host);
        if (a instanceof DnsAnswer.Records<InetAddress> r) {
            return new Resolution.Destinations(
                    r.records().stream().map(x -> new Destination(host, x, target.port(), 0)).toList());
        }
        if (a instanceof DnsAnswer.TemporaryFailure<InetAddress> t) {
            return new Resolution.Failure(DeliveryReplies.dnsTemporary(host, t.reason()));
        }
        if (a instanceof DnsAnswer.NoSuchDomain) {
            return new Resolution.Failure(DeliveryReplies.domainNotFound(host));
        }
        return new Resolution.Failure(DeliveryReplies.noAddress(host));
    }

    private Resolution mxDomain(ReleaseTarget target) {
        String domain = MxRecord.canonical(bare(target.host()));
        List<MxRecord> hosts;
        boolean implicit = false;
        DnsAnswer<MxRecord> answer = resolver.mx(domain);
        if (answer instanceof DnsAnswer.TemporaryFailure<MxRecord> t) {
            return new Resolution.Failure(DeliveryReplies.dnsTemporary(domain, t.reason()));
        } else if (answer instanceof DnsAnswer.NoSuchDomain) {
            return new Resolution.Failure(DeliveryReplies.domainNotFound(domain));
        } else if (answer instanceof DnsAnswer.Records<MxRecord> r) {
            List<MxRecord> real = r.records().stream().filter(m -> !m.isNullMx()).toList();
            if (real.isEmpty()) {
                return new Resolution.Failure(DeliveryReplies.nullMx(domain));
            }
            // RFC 7505 3: a null MX beside other MX records is a misconfiguration; use the others
            hosts = ordered(real);
        } else {
            hosts = List.of(new MxRecord(0, domain));
            implicit = true;
        }

        int cutoff = Integer.MAX_VALUE;
        for (MxRecord m : hosts) {
            if (ownNames.contains(m.host())) {
                cutoff = m.preference();
                break;
            }
        }
        List<Destination> out = new ArrayList<>();
        String temporary = null;
        int looked = 0;
        for (MxRecord m : hosts) {
            if (m.preference() >= cutoff || looked >= maxMxHosts) {
                break;
            }
            looked++;
            InetAddress ip = literal(m.host());
            DnsAnswer<InetAddress> a = ip != null ? new DnsAnswer.Records<>(List.of(ip)) : resolver.addresses(m.host());
            if (a instanceof DnsAnswer.Records<InetAddress> r) {
                if (r.records().stream().anyMatch(ownAddresses::contains)) {
                    // this host is the gateway itself: drop it and everything not more preferred
                    cutoff = m.preference();
                    int c = cutoff;
                    out.removeIf(d -> d.preference() >= c);
                    break;
                }
                for (InetAddress x : r.records()) {
                    out.add(new Destination(m.host(), x, target.port(), m.preference()));
                }
            } else if (a instanceof DnsAnswer.TemporaryFailure<InetAddress> t) {
                temporary = m.host() + ": " + t.reason();
            }
        }
        if (!out.isEmpty()) {
            return new Resolution.Destinations(out);
        }
        if (temporary != null) {
            return new Resolution.Failure(DeliveryReplies.dnsTemporary(domain, temporary));
        }
        int c = cutoff;
        if (cutoff != Integer.MAX_VALUE && hosts.stream().noneMatch(m -> m.preference() < c)) {
            return new Resolution.Failure(DeliveryReplies.mxLoop(domain));
        }
        return new Resolution.Failure(DeliveryReplies.noAddress(implicit ? domain : "the MX hosts of " + domain));
    }

    /** Sorted by preference, shuffled among equal preferences. */
    private List<MxRecord> ordered(List<MxRecord> records) {
        List<MxRecord> shuffled = new ArrayList<>(records);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        shuffled.sort(Comparator.comparingInt(MxRecord::preference)); // stable: keeps the shuffle within a preference
        return shuffled;
    }

    /** {@code [x]} and {@code IPv6:} removed. */
    private static String bare(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.regionMatches(true, 0, "IPv6:", 0, 5)) {
            h = h.substring(5);
        }
        return h;
    }

    private static InetAddress literal(String text) {
        byte[] raw = IpLiteral.parse(bare(text));
        if (raw == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
