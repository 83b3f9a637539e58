package dev.azr4j.executor;

/** The executor cannot start: no suitable Python, or its workers fail to come up. The message says what is needed. */
public final class ExecutorUnavailableException extends RuntimeException {
    public ExecutorUnavailableException(String message) {
        super(message);
    }

    public ExecutorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
