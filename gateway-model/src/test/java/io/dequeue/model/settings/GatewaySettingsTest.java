package io.dequeue.model.settings;

import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.topic.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    private static final DomainName DOMAIN = DomainName.parse("example.net");

    /** The defaults of DEQUEUE-SETTINGS.md, setting by setting. */
    @Test
    void defaultsMatchTheDequeuingPage() {
        GatewaySettings s = GatewaySettings.defaults(DOMAIN);

        assertThat(s.domain()).isEqualTo(DOMAIN);
        // ETRN
        assertThat(s.etrn().enabled()).as("accepts ETRN: off").isFalse();
        assertThat(s.etrn().requireAuth()).as("require AUTH for ETRN: on").isTrue();
        assertThat(s.etrn().deliverTo()).as("deliver to: requester's IP").isEqualTo(DeliverTo.REQUESTER_IP);
        assertThat(s.etrn().treatLocalAsUnknown()).as("treat a local domain as unknown: off").isFalse();
        assertThat(s.etrn().port()).as("port: 25").isEqualTo(25);
        // ATRN
        assertThat(s.atrn().enabled()).as("accepts ATRN: off").isFalse();
        assertThat(s.atrn().singleSession()).as("one ATRN session at a time: off").isFalse();
        // what a user also expects
        assertThat(s.maxHoldTime()).as("maximum hold time: 7 days").isEqualTo(Duration.ofDays(7))
                .isEqualTo(GatewaySettings.DEFAULT_MAX_HOLD_TIME);
        assertThat(s.delayWarningAfter()).isNull();
        assertThat(s.maxMessageSize()).as("0 = the global limit").isZero();
        assertThat(s.quotas()).isEqualTo(Quotas.UNLIMITED);
        assertThat(s.recipientVerification()).isEqualTo(RecipientVerification.OFF);
        assertThat(s.access()).isEqualTo(AccessSettings.DEFAULTS);
        assertThat(s.outboundTls()).isEqualTo(OutboundTls.OPPORTUNISTIC);
        assertThat(s.authorizedLogins()).isEmpty();
        assertThat(s.cramMd5()).isTrue();

        assertThat(EtrnSettings.DEFAULTS).isEqualTo(s.etrn());
        assertThat(AtrnSettings.DEFAULTS).isEqualTo(s.atrn());
    }

    @Test
    void missingJsonFieldsTakeTheDefaults() {
        GatewaySettings fromJson = Json.read("{\"domain\":\"Example.NET\",\"etrn\":{},\"atrn\":{}}", GatewaySettings.class);
        assertThat(fromJson).isEqualTo(GatewaySettings.defaults(DOMAIN));
    }

    @Test
    void jsonWritesEverySetting() {
        String json = Json.writeString(GatewaySettings.defaults(DOMAIN));
        assertThat(json).isEqualTo("{\"domain\":\"example.net\","
                + "\"etrn\":{\"enabled\":false,\"requireAuth\":true,\"deliverTo\":{\"mode\":\"requester-ip\"},"
                + "\"treatLocalAsUnknown\":false,\"port\":25},"
                + "\"atrn\":{\"enabled\":false,\"singleSession\":false},"
                + "\"access\":{\"honor\":[],\"ignore\":[],\"authenticatedFromAnyIp\":true},"
                + "\"quotas\":{\"maxMessages\":0,\"maxBytes\":0},"
                + "\"maxMessageSize\":0,\"maxHoldTime\":\"PT168H\",\"delayWarningAfter\":null,"
                + "\"recipientVerification\":{\"validLocalParts\":[]},\"outboundTls\":\"opportunistic\","
                + "\"authorizedLogins\":[],\"cramMd5\":true}");
        assertThat(Json.read(json, GatewaySettings.class)).isEqualTo(GatewaySettings.defaults(DOMAIN));
    }

    @Test
    void outboundTlsNamesAndTheFormerOffName() {
        for (OutboundTls t : OutboundTls.values()) {
            String json = Json.writeString(new GatewaySettings(DOMAIN, null, null, null, null, null, null, null, null, t,
                    null, null));
            assertThat(Json.read(json, GatewaySettings.class).outboundTls()).isEqualTo(t);
        }
        assertThat(Json.writeString(new GatewaySettings(DOMAIN, null, null, null, null, null, null, null, null,
                OutboundTls.NONE, null, null))).contains("\"outboundTls\":\"none\"");
        assertThat(Json.writeString(new GatewaySettings(DOMAIN, null, null, null, null, null, null, null, null,
                OutboundTls.ENCRYPTED, null, null))).contains("\"outboundTls\":\"encrypted\"");
        // a record stored before "none" was named
        assertThat(Json.read("{\"domain\":\"example.net\",\"outboundTls\":\"off\"}", GatewaySettings.class)
                .outboundTls()).isEqualTo(OutboundTls.NONE);
        assertThat(Json.read("{\"domain\":\"example.net\",\"outboundTls\":\"required\"}", GatewaySettings.class)
                .outboundTls()).isEqualTo(OutboundTls.REQUIRED);
    }

    @Test
    void durationsAreIso8601() {
        GatewaySettings s = Json.read("{\"domain\":\"example.net\",\"maxHoldTime\":\"P10D\",\"delayWarningAfter\":\"PT4H\"}",
                GatewaySettings.class);
        assertThat(s.maxHoldTime()).isEqualTo(Duration.ofDays(10));
        assertThat(s.delayWarningAfter()).isEqualTo(Duration.ofHours(4));
        assertThat(Json.writeString(s)).contains("\"maxHoldTime\":\"PT240H\"", "\"delayWarningAfter\":\"PT4H\"");
    }

    @Test
    void domainIsRequired() {
        assertThatThrownBy(() -> GatewaySettings.defaults(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> settings(-1L, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(Topics.MAX_MESSAGE_SIZE_LIMIT + 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(settings(Topics.MAX_MESSAGE_SIZE_LIMIT, null, null).maxMessageSize())
                .isEqualTo(Topics.MAX_MESSAGE_SIZE_LIMIT);
        assertThatThrownBy(() -> settings(null, Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(null, Duration.ofHours(-1), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(null, null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EtrnSettings(null, null, null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EtrnSettings(null, null, null, null, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EtrnSettings(null, null, null, null, 65535).port()).isEqualTo(65535);
    }

    private static GatewaySettings settings(Long maxMessageSize, Duration maxHold, Duration delayWarning) {
        return new GatewaySettings(DOMAIN, null, null, null, null, maxMessageSize, maxHold, delayWarning, null, null,
                null, null);
    }

    @Test
    void effectiveMaxMessageSize() {
        assertThat(settings(0L, null, null).effectiveMaxMessageSize(10_000_000)).isEqualTo(10_000_000);
        assertThat(settings(1_000L, null, null).effectiveMaxMessageSize(10_000_000)).isEqualTo(1_000);
        assertThat(settings(20_000_000L, null, null).effectiveMaxMessageSize(10_000_000)).isEqualTo(10_000_000);
    }

    @Test
    void ownLoginAndAuthorizedLoginsMayDequeue() {
        GatewaySettings s = new GatewaySettings(DOMAIN, null, null, null, null, null, null, null, null, null,
                List.of(DomainName.parse("example.org")), null);
        assertThat(s.mayBeDequeuedBy(DOMAIN)).isTrue();
        assertThat(s.mayBeDequeuedBy(DomainName.parse("example.org"))).isTrue();
        assertThat(s.mayBeDequeuedBy(DomainName.parse("example.com"))).isFalse();
        assertThat(s.mayBeDequeuedBy(DomainName.parse("sub.example.net"))).isFalse();
    }

    @Test
    void gatewayRecordDefaults() {
        GatewayRecord r = new GatewayRecord(GatewaySettings.defaults(DOMAIN), null, 1, null, Instant.EPOCH);
        assertThat(r.managedBy()).isEqualTo(GatewayRecord.MANAGED_BY_API).isEqualTo("api");
        assertThat(Json.writeString(r)).doesNotContain("secret");
        assertThatThrownBy(() -> new GatewayRecord(null, null, 1, null, Instant.EPOCH))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new GatewayRecord(GatewaySettings.defaults(DOMAIN), null, 1, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
