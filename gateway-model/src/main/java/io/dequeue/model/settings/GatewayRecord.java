package io.dequeue.model.settings;

import io.dequeue.model.credential.StoredSecret;

import java.time.Instant;
import java.util.Objects;

/**
 * The value of a {@code gateway.config} record: a gateway's settings, its stored secret, and
 * bookkeeping. A tombstone (null value) means the gateway was deleted.
 *
 * @param settings what people configured
 * @param secret the stored AUTH secret, or null when no password is set (then no AUTH succeeds)
 * @param version increases by one with every change; the ETag of the REST API
 * @param managedBy who owns the definition: {@code api} or {@code yaml:<source>}
 * @param updatedAt when the change was made
 */
public record GatewayRecord(GatewaySettings settings, StoredSecret secret, long version, String managedBy,
                            Instant updatedAt) {
    public static final String MANAGED_BY_API = "api";

    public GatewayRecord {
        Objects.requireNonNull(settings, "settings");
        managedBy = managedBy == null ? MANAGED_BY_API : managedBy;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
