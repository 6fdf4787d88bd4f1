package io.dequeue.model.settings;

import io.dequeue.model.Cidr;

import java.net.InetAddress;
import java.util.List;

/**
 * Which client addresses may make dequeue requests (ETRN, ATRN) for the gateway.
 *
 * @param honor when not empty, only these networks may ask
 * @param ignore these networks are never honoured (wins over {@code honor})
 * @param authenticatedFromAnyIp an authenticated request is valid from any IP not in {@code ignore}
 */
public record AccessSettings(List<Cidr> honor, List<Cidr> ignore, Boolean authenticatedFromAnyIp) {
    public static final AccessSettings DEFAULTS = new AccessSettings(null, null, null);

    public AccessSettings {
        honor = honor == null ? List.of() : List.copyOf(honor);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        authenticatedFromAnyIp = authenticatedFromAnyIp == null || authenticatedFromAnyIp;
    }

    /** The decision for one request from {@code client}, authenticated or not. */
    public boolean allows(InetAddress client, boolean authenticated) {
        if (ignore.stream().anyMatch(c -> c.contains(client))) {
            return false;
        }
        if (honor.isEmpty()) {
            return true;
        }
        if (authenticated && authenticatedFromAnyIp) {
            return true;
        }
        return honor.stream().anyMatch(c -> c.contains(client));
    }
}
