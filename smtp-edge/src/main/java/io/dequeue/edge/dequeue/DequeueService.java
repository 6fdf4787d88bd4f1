package io.dequeue.edge.dequeue;

import io.dequeue.model.settings.GatewaySettings;

/** The two ways of asking for held mail, each with its own on/off switch in a gateway's settings. */
public enum DequeueService {
    ETRN,
    ATRN;

    /** Whether the gateway answers this service. */
    public boolean enabledIn(GatewaySettings settings) {
        return switch (this) {
            case ETRN -> settings.etrn().enabled();
            case ATRN -> settings.atrn().enabled();
        };
    }
}
