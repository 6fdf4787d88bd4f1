package io.dequeue.delivery.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Resolver} on dnsjava: one configured server (e.g. a local dnsmasq on
 * {@code 127.0.0.1:5353}) or the system's resolvers, a timeout per query, no cache (a lookup is
 * made per connection, not per message), no search path (names are absolute).
 */
public final class DnsjavaResolver implements Resolver {

    private final LookupSession session;
    private final Duration timeout;

    /**
     * @param server  the DNS server; the system's (resolv.conf) when empty
     * @param timeout time for one query
     */
    public DnsjavaResolver(Optional<InetSocketAddress> server, Duration timeout) {
        this.timeout = timeout;
        org.xbill.DNS.Resolver r;
        if (server.isPresent()) {
            SimpleResolver simple = new SimpleResolver(server.get());
            simple.setTimeout(timeout);
            r = simple;
        } else {
            ExtendedResolver ext = new ExtendedResolver();
            ext.setTimeout(timeout);
            r = ext;
        }
        this.session = LookupSession.builder().resolver(r).clearCaches().build();
    }

    /** Parses {@code host:port}, {@code [v6]:port} or {@code host} (port 53). */
    public static InetSocketAddress parseServer(String text) {
        String t = text.strip();
        String host = t;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            host = t.substring(1, close);
            if (close + 1 < t.length() && t.charAt(close + 1) == ':') {
                port = Integer.parseInt(t.substring(close + 2));
            }
        } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0) {
            host = t.substring(0, t.indexOf(':'));
            port = Integer.parseInt(t.substring(t.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
        DnsAnswer<Record> a = lookup(domain, Type.MX);
        if (a instanceof DnsAnswer.Records<Record> r) {
            List<MxRecord> out = new ArrayList<>();
            for (Record rec : r.records()) {
                if (rec instanceof MXRecord mx) {
                    out.add(new MxRecord(mx.getPriority(), mx.getTarget().toString(false)));
                }
            }
            return out.isEmpty() ? new DnsAnswer.NoRecords<>() : new DnsAnswer.Records<>(out);
        }
        return retype(a);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        DnsAnswer<Record> v4 = lookup(host, Type.A);
        if (v4 instanceof DnsAnswer.NoSuchDomain || v4 instanceof DnsAnswer.TemporaryFailure) {
            return retype(v4);
        }
        DnsAnswer<Record> v6 = lookup(host, Type.AAAA);
        List<InetAddress> out = new ArrayList<>();
        for (DnsAnswer<Record> a : List.of(v4, v6)) {
            if (a instanceof DnsAnswer.Records<Record> r) {
                for (Record rec : r.records()) {
                    if (rec instanceof ARecord ar) {
                        out.add(ar.getAddress());
                    } else if (rec instanceof AAAARecord aaaa) {
                        out.add(aaaa.getAddress());
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            return new DnsAnswer.Records<>(out);
        }
        return v6 instanceof DnsAnswer.TemporaryFailure ? retype(v6) : new DnsAnswer.NoRecords<>();
    }

    private DnsAnswer<Record> lookup(String name, int type) {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return new DnsAnswer.NoSuchDomain<>();
        }
        try {
            LookupResult result = session.lookupAsync(n, type).toCompletableFuture()
                    .get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
            List<Record> records = result.getRecords();
            return records.isEmpty() ? new DnsAnswer.NoRecords<>() : new DnsAnswer.Records<>(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DnsAnswer.TemporaryFailure<>("interrupted");
        } catch (TimeoutException e) {
            return new DnsAnswer.TemporaryFailure<>("timeout");
        } catch (ExecutionException | CompletionException e) {
            return failure(e.getCause());
        }
    }

    private static DnsAnswer<Record> failure(Throwable cause) {
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchDomainException) {
            return new DnsAnswer.NoSuchDomain<>();
        }
        if (cause instanceof NoSuchRRSetException) {
            return new DnsAnswer.NoRecords<>();
        }
        if (cause instanceof ServerFailedException) {
            return new DnsAnswer.TemporaryFailure<>("SERVFAIL");
        }
        if (cause instanceof TimeoutException) {
            return new DnsAnswer.TemporaryFailure<>("timeout");
        }
        String what = cause == null ? "error" : cause.getClass().getSimpleName();
        return new DnsAnswer.TemporaryFailure<>(what);
    }

    @SuppressWarnings("unchecked")
    private static <T> DnsAnswer<T> retype(DnsAnswer<?> a) {
        if (a instanceof DnsAnswer.Records) {
            throw new IllegalArgumentException("records cannot be retyped");
        }
        return (DnsAnswer<T>) a;
    }
}
