package io.dequeue.config.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.config.service.GatewayService;
import io.dequeue.model.settings.GatewayRecord;

/**
 * What the API shows of a gateway: its settings plus {@code passwordSet}, {@code version},
 * {@code managedBy} and {@code updatedAt}. Never the password, its hash or its pad states.
 */
final class GatewayRepresentation {
    private GatewayRepresentation() {
    }

    static ObjectNode of(GatewayRecord record) {
        ObjectNode n = GatewayService.settingsTree(record.settings());
        n.put("passwordSet", record.secret() != null);
        n.put("version", record.version());
        n.put("managedBy", record.managedBy());
        n.put("updatedAt", record.updatedAt().toString());
        return n;
    }

    /** The ETag of a gateway: its version as a strong entity tag. */
    static String etag(GatewayRecord record) {
        return "\"" + record.version() + "\"";
    }
}
