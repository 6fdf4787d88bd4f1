package io.dequeue.model.settings;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * TLS policy for outbound ETRN deliveries of a gateway (the STARTTLS of delivery-service's client).
 * Records written before {@code none} was named so say {@code off}; it is read as {@link #NONE}.
 */
public enum OutboundTls {
    /** Never STARTTLS. */
    @JsonProperty("none") @JsonAlias("off") NONE,
    /** STARTTLS when offered, without verifying the certificate; plaintext otherwise. */
    @JsonProperty("opportunistic") OPPORTUNISTIC,
    /** TLS or no delivery, without verifying the certificate (private relays with self-made certificates). */
    @JsonProperty("encrypted") ENCRYPTED,
    /** Verified TLS or no delivery: trusted chain and a certificate valid for the MX/target host name. */
    @JsonProperty("required") REQUIRED
}
