package io.dequeue.edge.smtp;

import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.edge.kafka.UsageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the edge: the SMTP listener is bound, this instance reads its {@code edge.replies}
 * partition, and the usage view (quotas) has loaded. (The gateway view has its own check.)
 */
@Readiness
@ApplicationScoped
public class EdgeReadiness implements HealthCheck {
    @Inject
    SmtpListener smtp;

    @Inject
    ReplyChannel replies;

    @Inject
    UsageView usage;

    @Override
    public HealthCheckResponse call() {
        boolean listening = !smtp.enabled() || smtp.isListening();
        boolean repliesReady = replies.isReady();
        boolean usageReady = usage.isReady();
        return HealthCheckResponse.named("smtp-edge")
                .status(listening && repliesReady && usageReady)
                .withData("smtpListening", listening)
                .withData("smtpPort", smtp.port())
                .withData("replyChannel", repliesReady)
                .withData("usageView", usageReady)
                .build();
    }
}
