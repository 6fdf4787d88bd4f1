package io.dequeue.edge.policy;

import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.smtp.address.Mailbox;

import java.util.List;
import java.util.Optional;

/**
 * One RCPT TO as the recipient checks see it.
 *
 * @param recipient    the forward path
 * @param domain       its domain as a gateway key (lower-case A-labels), or empty for an address
 *                     literal or a name that is not a valid domain
 * @param gateway      the gateway configured for that domain, or empty
 * @param declaredSize the MAIL FROM {@code SIZE}, or null
 * @param accepted     gateways of the recipients already accepted in this transaction
 * @param globalLimit  the edge's message size limit
 */
public record RecipientRequest(Mailbox recipient, Optional<DomainName> domain, Optional<GatewaySettings> gateway,
                               Long declaredSize, List<GatewaySettings> accepted, long globalLimit) {

    public RecipientRequest {
        accepted = List.copyOf(accepted);
    }

    /** Resolves the recipient's domain and gateway. */
    public static RecipientRequest of(Mailbox recipient, GatewayLookup gateways, Long declaredSize,
                                      List<GatewaySettings> accepted, long globalLimit) {
        Optional<DomainName> domain = gatewayKey(recipient);
        Optional<GatewaySettings> gateway = domain.flatMap(gateways::find);
        return new RecipientRequest(recipient, domain, gateway, declaredSize, accepted, globalLimit);
    }

    /** The lower-case A-label domain of a mailbox, or empty for an address literal or an invalid name. */
    public static Optional<DomainName> gatewayKey(Mailbox mailbox) {
        if (mailbox.isAddressLiteral() || !DomainName.isValid(mailbox.domain())) {
            return Optional.empty();
        }
        return Optional.of(DomainName.parse(mailbox.domain()));
    }
}
