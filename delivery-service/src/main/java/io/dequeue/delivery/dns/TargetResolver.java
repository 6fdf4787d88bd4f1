package io.dequeue.delivery.dns;

import io.dequeue.delivery.DeliveryReplies;
import io.dequeue.model.event.ReleaseTarget;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
 * lower preference; if none is left, that is a permanent "loop" failure. The domain may be an
 * address literal ({@code [192.0.2.1]}, a DSN to a sender at an address literal): that address
 * is its only host.</li>
 * </ul>
 * Every kind is checked against the {@link TargetPolicy}: a target that is this gateway (an own
 * name or address) is a permanent {@code 554 5.4.6} loop; addresses the policy does not permit are
 * skipped, and a target left with none is a permanent {@code 550 5.4.4}. DNS timeouts and SERVFAIL
 * are transient failures, NXDOMAIN permanent.
 */
public final class TargetResolver {

    private final Resolver resolver;
    private final TargetPolicy policy;
    private final RandomGenerator random;
    private final int maxMxHosts;

    /**
     * A resolver that refuses local and private targets as the {@link TargetPolicy} says for
     * {@code allowPrivate=false}.
     *
     * @param ownNames     host names of this gateway (case-insensitive)
     * @param ownAddresses IP addresses of this gateway
     * @param maxMxHosts   at most this many MX hosts are looked up
     */
    public TargetResolver(Resolver resolver, Collection<String> ownNames, Collection<String> ownAddresses,
                          RandomGenerator random, int maxMxHosts) {
        this(resolver, new TargetPolicy(ownNames, ownAddresses, false), random, maxMxHosts);
    }

    /** @param maxMxHosts at most this many MX hosts are looked up */
    public TargetResolver(Resolver resolver, TargetPolicy policy, RandomGenerator random, int maxMxHosts) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.policy = Objects.requireNonNull(policy, "policy");
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
            case MX -> TargetPolicy.address(target.host()) != null ? domainLiteral(target) : mxDomain(target);
        };
    }

    private Resolution ipLiteral(ReleaseTarget target) {
        InetAddress ip = TargetPolicy.address(target.host());
        if (ip == null) {
            return new Resolution.Failure(DeliveryReplies.badTarget("not an IP address: " + target.host()));
        }
        return chosen(ip.getHostAddress(), List.of(ip), target.port());
    }

    /** A mail domain that is an address literal: derived from a message, so the strict rules apply. */
    private Resolution domainLiteral(ReleaseTarget target) {
        InetAddress ip = TargetPolicy.address(target.host());
        String name = ip.getHostAddress();
        if (policy.isOwnAddress(ip)) {
            return new Resolution.Failure(DeliveryReplies.targetLoop(name));
        }
        if (!policy.permits(ip, false)) {
            return new Resolution.Failure(TargetPolicy.refused(name, ip));
        }
        return new Resolution.Destinations(List.of(new Destination(name, ip, target.port(), 0)));
    }

    /** Addresses an operator or the requester chose: never this gateway, never local (unless allowed). */
    private Resolution chosen(String host, List<InetAddress> addresses, int port) {
        if (policy.isOwnName(host) || addresses.stream().anyMatch(policy::isOwnAddress)) {
            return new Resolution.Failure(DeliveryReplies.targetLoop(host));
        }
        List<Destination> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (policy.permits(a, true)) {
                out.add(new Destination(host, a, port, 0));
            }
        }
        if (out.isEmpty()) {
            return new Resolution.Failure(TargetPolicy.refused(host, addresses.get(0)));
        }
        return new Resolution.Destinations(out);
    }

    private Resolution exactHost(ReleaseTarget target) {
        String host = TargetPolicy.bare(target.host());
        InetAddress ip = TargetPolicy.address(host);
        if (ip != null) {
            return chosen(host, List.of(ip), target.port());
        }
        if (policy.isOwnName(host)) {
            return new Resolution.Failure(DeliveryReplies.targetLoop(host));
        }
        DnsAnswer<InetAddress> a = resolver.addresses(host);
        if (a instanceof DnsAnswer.Records<InetAddress> r) {
            return chosen(host, r.records(), target.port());
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
        String domain = MxRecord.canonical(TargetPolicy.bare(target.host()));
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
            if (policy.isOwnName(m.host())) {
                cutoff = m.preference();
                break;
            }
        }
        List<Destination> out = new ArrayList<>();
        String temporary = null;
        InetAddress refused = null;
        int looked = 0;
        for (MxRecord m : hosts) {
            if (m.preference() >= cutoff || looked >= maxMxHosts) {
                break;
            }
            looked++;
            InetAddress ip = TargetPolicy.address(m.host());
            DnsAnswer<InetAddress> a = ip != null ? new DnsAnswer.Records<>(List.of(ip)) : resolver.addresses(m.host());
            if (a instanceof DnsAnswer.Records<InetAddress> r) {
                if (r.records().stream().anyMatch(policy::isOwnAddress)) {
                    // this host is the gateway itself: drop it and everything not more preferred
                    cutoff = m.preference();
                    int c = cutoff;
                    out.removeIf(d -> d.preference() >= c);
                    break;
                }
                for (InetAddress x : r.records()) {
                    if (policy.permits(x, false)) {
                        out.add(new Destination(m.host(), x, target.port(), m.preference()));
                    } else if (refused == null) {
                        refused = x;
                    }
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
        if (refused != null) {
            return new Resolution.Failure(TargetPolicy.refused(implicit ? domain : "the MX hosts of " + domain, refused));
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
}
