package io.dequeue.delivery.config;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * This gateway's own names and addresses, for loop prevention: what the settings name
 * ({@code dequeue.delivery.own-names} / {@code own-addresses}, and the deployment's
 * {@code DEQUEUE_OWN_NAMES} / {@code DEQUEUE_OWN_ADDRESSES}) plus, unless turned off, what the
 * machine says: its host name and the addresses of its network interfaces.
 *
 * <p>Loopback addresses are not derived: every machine has them, they never reach the SMTP edge
 * in a deployment where delivery-service runs apart from it, and the test setups deliver to
 * receivers on loopback. Loopback is refused anyway by the target policy unless
 * {@code allow-private-targets} is on; an operator who wants 127.0.0.1 treated as the gateway
 * names it in the own addresses.
 *
 * @param names     host names, lower case, without a trailing dot, in order, no repeats
 * @param addresses IP addresses (textual), in order, no repeats
 */
public record OwnIdentity(List<String> names, List<String> addresses) {

    private static final Logger LOG = Logger.getLogger(OwnIdentity.class);

    public OwnIdentity {
        names = List.copyOf(names);
        addresses = List.copyOf(addresses);
    }

    /** The configured names and addresses, plus the machine's when {@code derive} is on. */
    public static OwnIdentity of(Collection<String> configuredNames, Collection<String> configuredAddresses,
                                 boolean derive) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        configuredNames.forEach(n -> addName(names, n));
        configuredAddresses.stream().map(String::strip).filter(a -> !a.isEmpty()).forEach(addresses::add);
        if (derive) {
            addName(names, hostName());
            addresses.addAll(interfaceAddresses());
        }
        return new OwnIdentity(new ArrayList<>(names), new ArrayList<>(addresses));
    }

    private static void addName(Set<String> names, String n) {
        if (n == null) {
            return;
        }
        String s = n.strip().toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.isEmpty() && !s.equals("localhost")) {
            names.add(s);
        }
    }

    /** The kernel's host name (no DNS), else {@code $HOSTNAME}, else null. */
    static String hostName() {
        try {
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                String h = Files.readString(p, StandardCharsets.US_ASCII).strip();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException e) {
            LOG.debugf("cannot read the host name: %s", e.getMessage());
        }
        return System.getenv("HOSTNAME");
    }

    /** The addresses of the machine's interfaces that are up, loopback left out. */
    static List<String> interfaceAddresses() {
        List<String> out = new ArrayList<>();
        try {
            Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
            while (all != null && all.hasMoreElements()) {
                NetworkInterface i = all.nextElement();
                if (!i.isUp() || i.isLoopback()) {
                    continue;
                }
                for (Enumeration<InetAddress> a = i.getInetAddresses(); a.hasMoreElements(); ) {
                    InetAddress x = a.nextElement();
                    if (!x.isLoopbackAddress()) {
                        String text = x.getHostAddress();
                        int zone = text.indexOf('%'); // fe80::1%eth0
                        out.add(zone < 0 ? text : text.substring(0, zone));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warnf("cannot list the network interfaces (%s); own addresses are the configured ones only",
                    e.getMessage());
        }
        return out;
    }
}
