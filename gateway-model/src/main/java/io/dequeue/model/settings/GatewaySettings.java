package io.dequeue.model.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.DomainName;
import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything that is configured for one gateway domain, as people set it.
 *
 * <p>Credentials are not here: the password is write-only and stored as a {@code StoredSecret}
 * next to these settings in the {@code gateway.config} record. The login of a gateway is its
 * domain name; {@code authorizedLogins} names other gateways' logins that may also dequeue this
 * domain, so one customer with several domains can use one credential.
 *
 * @param domain the gateway domain (the MX this gateway is for)
 * @param etrn ETRN settings
 * @param atrn ATRN settings
 * @param access who may make dequeue requests
 * @param quotas storage quota
 * @param maxMessageSize largest accepted message in bytes (0 = the global limit)
 * @param maxHoldTime how long mail is held before it is returned to its sender (default 7 days)
 * @param delayWarningAfter send one delay warning DSN after this long (null = never)
 * @param recipientVerification optional list of valid local parts
 * @param outboundTls TLS policy for ETRN deliveries
 * @param authorizedLogins other logins allowed to dequeue this domain
 * @param cramMd5 whether CRAM-MD5 is enabled (then the HMAC-MD5 pad states are stored)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GatewaySettings(
        DomainName domain,
        EtrnSettings etrn,
        AtrnSettings atrn,
        AccessSettings access,
        Quotas quotas,
        Long maxMessageSize,
        Duration maxHoldTime,
        Duration delayWarningAfter,
        RecipientVerification recipientVerification,
        OutboundTls outboundTls,
        List<DomainName> authorizedLogins,
        Boolean cramMd5) {

    public static final Duration DEFAULT_MAX_HOLD_TIME = Duration.ofDays(7);

    public GatewaySettings {
        Objects.requireNonNull(domain, "domain");
        etrn = etrn == null ? EtrnSettings.DEFAULTS : etrn;
        atrn = atrn == null ? AtrnSettings.DEFAULTS : atrn;
        access = access == null ? AccessSettings.DEFAULTS : access;
        quotas = quotas == null ? Quotas.UNLIMITED : quotas;
        maxMessageSize = maxMessageSize == null ? 0L : maxMessageSize;
        if (maxMessageSize < 0 || maxMessageSize > Topics.MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxMessageSize must be between 0 and " + Topics.MAX_MESSAGE_SIZE_LIMIT);
        }
        maxHoldTime = maxHoldTime == null ? DEFAULT_MAX_HOLD_TIME : maxHoldTime;
        if (maxHoldTime.isNegative() || maxHoldTime.isZero()) {
            throw new IllegalArgumentException("maxHoldTime must be positive");
        }
        if (delayWarningAfter != null && (delayWarningAfter.isNegative() || delayWarningAfter.isZero())) {
            throw new IllegalArgumentException("delayWarningAfter must be positive when set");
        }
        recipientVerification = recipientVerification == null ? RecipientVerification.OFF : recipientVerification;
        outboundTls = outboundTls == null ? OutboundTls.OPPORTUNISTIC : outboundTls;
        authorizedLogins = authorizedLogins == null ? List.of() : List.copyOf(authorizedLogins);
        cramMd5 = cramMd5 == null || cramMd5;
    }

    /** A gateway with every setting at its default. */
    public static GatewaySettings defaults(DomainName domain) {
        return new GatewaySettings(domain, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether {@code login} (a gateway's own login) may dequeue this domain. */
    public boolean mayBeDequeuedBy(DomainName login) {
        return domain.equals(login) || authorizedLogins.contains(login);
    }

    /** The size limit that applies to this gateway, given the global limit. */
    public long effectiveMaxMessageSize(long globalLimit) {
        return maxMessageSize == 0 ? globalLimit : Math.min(maxMessageSize, globalLimit);
    }
}
