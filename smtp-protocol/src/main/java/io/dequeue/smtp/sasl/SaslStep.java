package io.dequeue.smtp.sasl;

/** The next move of a server-side SASL exchange. */
public sealed interface SaslStep {

    /** Send {@code 334} with this challenge (base64-encoded by the session) and wait for a response. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** The exchange is complete; verify this attempt. */
    record Done(AuthAttempt attempt) implements SaslStep {
    }
}
