package io.dequeue.fetch.daemon;

import io.dequeue.fetch.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where an upstream's password comes from: a file (its first line; a mounted Secret) or an
 * environment variable. It is read again before every pull, so a rotated secret is used without a
 * restart. Only the source is ever shown ({@link #toString()}), never the password.
 */
public record PasswordSource(Path file, String env) {
    public PasswordSource {
        if ((file == null) == (env == null)) {
            throw new IllegalArgumentException("exactly one of file and env");
        }
    }

    static PasswordSource ofFile(Path file) {
        return new PasswordSource(file, null);
    }

    static PasswordSource ofEnv(String env) {
        return new PasswordSource(null, env);
    }

    /** The password now (UTF-8; a file's first line); fails with a message naming the source only. */
    byte[] read(Map<String, String> environment) throws IOException {
        byte[] value;
        if (file != null) {
            value = Secrets.firstLine(Files.readAllBytes(file));
        } else {
            String v = environment.get(env);
            if (v == null) {
                throw new IOException("environment variable " + env + " is not set");
            }
            value = v.getBytes(StandardCharsets.UTF_8);
        }
        if (value.length == 0) {
            throw new IOException(this + " is empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return file != null ? "password file " + file : "environment variable " + env;
    }
}
