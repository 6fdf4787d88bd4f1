package io.dequeue.model.settings;

/**
 * The ATRN (On-Demand Mail Relay) half of the dequeuing page.
 *
 * @param enabled the gateway answers ATRN for this domain (default off); ATRN always requires AUTH
 * @param singleSession refuse a second simultaneous ATRN session for the domain (default off)
 */
public record AtrnSettings(Boolean enabled, Boolean singleSession) {
    public static final AtrnSettings DEFAULTS = new AtrnSettings(null, null);

    public AtrnSettings {
        enabled = enabled != null && enabled;
        singleSession = singleSession != null && singleSession;
    }
}
