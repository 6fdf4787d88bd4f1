package io.dequeue.model.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TLS policy for outbound ETRN deliveries of a gateway. */
public enum OutboundTls {
    @JsonProperty("off") OFF,
    @JsonProperty("opportunistic") OPPORTUNISTIC,
    @JsonProperty("required") REQUIRED
}
