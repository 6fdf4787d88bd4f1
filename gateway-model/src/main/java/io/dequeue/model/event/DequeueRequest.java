package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dequeue.model.DomainName;

import java.time.Instant;

/**
 * A value of {@code dequeue.requests}: something asks queue-service to act on a domain's held mail.
 * The JSON carries its kind in {@code "type"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = EtrnRequest.class, name = "etrn"),
        @JsonSubTypes.Type(value = AtrnRequest.class, name = "atrn"),
        @JsonSubTypes.Type(value = AtrnSessionEnd.class, name = "atrn-end"),
        @JsonSubTypes.Type(value = AdminRequest.class, name = "admin")})
public sealed interface DequeueRequest permits EtrnRequest, AtrnRequest, AtrnSessionEnd, AdminRequest {
    /** Unique id; answers name it. */
    String requestId();

    DomainName domain();

    Instant requestedAt();

    /** The CloudEvents type of this request. */
    String eventType();
}
