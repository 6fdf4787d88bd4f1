package io.dequeue.model.settings;

/**
 * The ETRN half of the dequeuing page.
 *
 * @param enabled the gateway answers ETRN for this domain (default off)
 * @param requireAuth the ETRN session must have authenticated as this gateway (default on)
 * @param deliverTo the requester's IP (default) or a configured host
 * @param treatLocalAsUnknown when the configured host is a domain this gateway serves, deliver through DNS anyway
 * @param port TCP port used to deliver this domain's mail (default 25)
 */
public record EtrnSettings(Boolean enabled, Boolean requireAuth, DeliverTo deliverTo, Boolean treatLocalAsUnknown,
                           Integer port) {
    public static final EtrnSettings DEFAULTS = new EtrnSettings(null, null, null, null, null);

    public EtrnSettings {
        enabled = enabled != null && enabled;
        requireAuth = requireAuth == null || requireAuth;
        deliverTo = deliverTo == null ? DeliverTo.REQUESTER_IP : deliverTo;
        treatLocalAsUnknown = treatLocalAsUnknown != null && treatLocalAsUnknown;
        port = port == null ? 25 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
    }
}
