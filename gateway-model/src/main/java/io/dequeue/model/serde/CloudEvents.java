package io.dequeue.model.serde;

import io.dequeue.model.RandomIds;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * CloudEvents 1.0 Kafka binary-mode headers ({@code ce_specversion}, {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_time}, {@code content-type}) on every record of the contract.
 */
public final class CloudEvents {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String JSON = "application/json";
    public static final String RFC822 = "message/rfc822";

    private CloudEvents() {
    }

    /**
     * Sets the CloudEvents headers on a record's headers, with a fresh id ({@link RandomIds}: 22
     * characters) and the current time.
     */
    public static Headers apply(Headers headers, String type, String source, String contentType) {
        return apply(headers, RandomIds.next(), type, source, contentType, Instant.now());
    }

    public static Headers apply(Headers headers, String id, String type, String source, String contentType, Instant time) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, id);
        put(headers, TYPE, type);
        put(headers, SOURCE, source);
        put(headers, TIME, time.truncatedTo(ChronoUnit.MILLIS).toString());
        put(headers, CONTENT_TYPE, contentType);
        return headers;
    }

    /** Replaces a header by name. */
    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The last value of a header as UTF-8, or null. */
    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static String type(Headers headers) {
        return get(headers, TYPE);
    }

    /** The {@code ce_source} of a service instance, e.g. {@code /dequeue/smtp-edge/edge-0}. */
    public static String source(String service, String instance) {
        return "/dequeue/" + service + "/" + instance;
    }
}
