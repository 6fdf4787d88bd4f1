package io.dequeue.model.serde;

import io.dequeue.model.DomainName;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/** The key serde of every topic: the A-label domain as US-ASCII. */
public final class DomainNameSerde implements Serde<DomainName>, Serializer<DomainName>, Deserializer<DomainName> {
    @Override
    public byte[] serialize(String topic, DomainName data) {
        return data == null ? null : data.value().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public DomainName deserialize(String topic, byte[] data) {
        return data == null ? null : new DomainName(new String(data, StandardCharsets.US_ASCII));
    }

    @Override
    public Serializer<DomainName> serializer() {
        return this;
    }

    @Override
    public Deserializer<DomainName> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
