package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.settings.AtrnSettings;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewaySettings;

import java.time.Duration;

/** Gateway settings for tests. */
public final class Gateways {
    private Gateways() {
    }

    public static GatewaySettings etrn(String domain, DeliverTo to, int port) {
        return settings(domain, new EtrnSettings(true, false, to, false, port), AtrnSettings.DEFAULTS, null, null);
    }

    public static GatewaySettings etrnToRequester(String domain) {
        return etrn(domain, DeliverTo.REQUESTER_IP, 25);
    }

    public static GatewaySettings etrnLocal(String domain, String host, boolean treatLocalAsUnknown) {
        return settings(domain, new EtrnSettings(true, false, DeliverTo.host(host), treatLocalAsUnknown, 25),
                AtrnSettings.DEFAULTS, null, null);
    }

    public static GatewaySettings etrnOff(String domain) {
        return settings(domain, EtrnSettings.DEFAULTS, AtrnSettings.DEFAULTS, null, null);
    }

    public static GatewaySettings atrn(String domain, boolean singleSession) {
        return settings(domain, EtrnSettings.DEFAULTS, new AtrnSettings(true, singleSession), null, null);
    }

    public static GatewaySettings both(String domain, Duration maxHold, Duration delayWarning) {
        return settings(domain, new EtrnSettings(true, false, DeliverTo.REQUESTER_IP, false, 25),
                new AtrnSettings(true, true), maxHold, delayWarning);
    }

    public static GatewaySettings settings(String domain, EtrnSettings etrn, AtrnSettings atrn, Duration maxHold,
                                           Duration delayWarning) {
        return new GatewaySettings(DomainName.parse(domain), etrn, atrn, null, null, null, maxHold, delayWarning,
                null, null, null, null);
    }
}
