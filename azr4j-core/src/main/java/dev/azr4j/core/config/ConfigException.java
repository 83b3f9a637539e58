package dev.azr4j.core.config;

import dev.azr4j.core.UserException;

/** An invalid configuration: the message is one sentence naming the key, the value and what is allowed. */
public final class ConfigException extends UserException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
