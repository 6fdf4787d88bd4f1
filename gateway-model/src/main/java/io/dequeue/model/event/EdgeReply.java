package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dequeue.model.DomainName;

/**
 * A JSON value of {@code edge.replies}: queue-service's answer to one request of an edge.
 * (ATRN-released messages on the same topic are raw bytes, see {@link MailHeaders}.)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = EtrnAnswer.class, name = "etrn-answer"),
        @JsonSubTypes.Type(value = AtrnAnswer.class, name = "atrn-answer")})
public sealed interface EdgeReply permits EtrnAnswer, AtrnAnswer {
    String requestId();

    DomainName domain();

    String eventType();
}
