package io.dequeue.edge.dequeue;

import io.dequeue.model.Cidr;
import io.dequeue.model.DomainName;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.AtrnSettings;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewaySettings;

import java.util.Arrays;
import java.util.List;

/** Short builders for gateway settings in tests. */
public final class Settings {
    private Settings() {
    }

    public static EtrnSettings etrn(boolean enabled, boolean requireAuth) {
        return new EtrnSettings(enabled, requireAuth, null, null, null);
    }

    public static AtrnSettings atrn(boolean enabled, boolean singleSession) {
        return new AtrnSettings(enabled, singleSession);
    }

    public static AccessSettings access(List<String> honor, List<String> ignore, boolean authenticatedFromAnyIp) {
        return new AccessSettings(honor.stream().map(Cidr::parse).toList(), ignore.stream().map(Cidr::parse).toList(),
                authenticatedFromAnyIp);
    }

    public static GatewaySettings gateway(DomainName domain, EtrnSettings etrn, AtrnSettings atrn, AccessSettings access,
                                          DomainName... authorizedLogins) {
        return new GatewaySettings(domain, etrn, atrn, access, null, null, null, null, null, null,
                Arrays.asList(authorizedLogins), null);
    }
}
