package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.IpLiteral;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.GatewaySettings;

import java.util.function.Predicate;

/**
 * Where a release goes, from a gateway's ETRN settings (the "deliver to" setting, the port and
 * "treat a local domain as unknown") and the request.
 */
public final class ReleaseTargets {
    private ReleaseTargets() {
    }

    /** The decision: deliver to a target, hand the mail to another local gateway domain, or nowhere. */
    public sealed interface Decision permits Deliver, Handoff, Impossible {
    }

    public record Deliver(ReleaseTarget target) implements Decision {
    }

    /**
     * The configured host is a gateway domain of this gateway: its held mail takes the messages.
     *
     * @param domain the local gateway domain
     * @param viaDns the target to use instead when a message went through too many hand-offs (a loop)
     */
    public record Handoff(DomainName domain, ReleaseTarget viaDns) implements Decision {
    }

    public record Impossible(String why) implements Decision {
    }

    /**
     * @param settings the gateway's settings
     * @param requesterAddress the ETRN client's address, or null (admin releases)
     * @param override a target given by an operator instead of the configured one, or null
     * @param isLocalGateway whether a domain is a gateway domain of this gateway
     */
    public static Decision decide(GatewaySettings settings, String requesterAddress, DeliverTo override,
                                  Predicate<DomainName> isLocalGateway) {
        DeliverTo to = override != null ? override : settings.etrn().deliverTo();
        int port = settings.etrn().port();
        if (to.mode() == DeliverTo.Mode.REQUESTER_IP) {
            if (requesterAddress == null || !IpLiteral.isIp(requesterAddress)) {
                return new Impossible("the gateway delivers to the requester's IP and no requester address is known");
            }
            return new Deliver(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, requesterAddress, port));
        }
        DeliverTo.HostKind kind = to.hostKind();
        String host = to.bareHost();
        if (kind == DeliverTo.HostKind.IP_ADDRESS) {
            return new Deliver(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, host, port));
        }
        DomainName name = DomainName.parse(host);
        ReleaseTarget target = new ReleaseTarget(kind == DeliverTo.HostKind.EXACT_HOST ? ReleaseTarget.Kind.EXACT_HOST
                : ReleaseTarget.Kind.MX, name.value(), port);
        if (!settings.etrn().treatLocalAsUnknown() && !name.equals(settings.domain()) && isLocalGateway.test(name)) {
            return new Handoff(name, target);
        }
        return new Deliver(target);
    }
}
