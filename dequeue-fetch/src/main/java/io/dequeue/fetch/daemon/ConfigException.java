package io.dequeue.fetch.daemon;

/**
 * A daemon configuration that cannot be used. The message names the file, the line and column
 * where known, the setting's path (e.g. {@code upstreams[1].interval}) and what is wrong; it never
 * contains a password. The daemon exits with status 2 on it.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
