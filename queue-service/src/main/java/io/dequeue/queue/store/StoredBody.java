package io.dequeue.queue.store;

import io.dequeue.model.Envelope;
import io.dequeue.model.serde.Json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A value of the body store: the envelope as accepted and the raw message, written once when the
 * message is held and deleted once when it leaves. Encoded as a 4-byte envelope length, the
 * envelope JSON, then the raw bytes.
 */
public record StoredBody(Envelope envelope, byte[] raw) {

    public byte[] encode() {
        byte[] env = Json.write(envelope);
        return ByteBuffer.allocate(4 + env.length + raw.length).putInt(env.length).put(env).put(raw).array();
    }

    public static StoredBody decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int envLength = b.getInt();
        Envelope e = Json.read(new String(bytes, 4, envLength, StandardCharsets.UTF_8), Envelope.class);
        byte[] raw = new byte[bytes.length - 4 - envLength];
        System.arraycopy(bytes, 4 + envLength, raw, 0, raw.length);
        return new StoredBody(e, raw);
    }
}
