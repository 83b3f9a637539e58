package dev.azr4j.executor;

/**
 * A failed execution: its kind and a one-line message; {@code reason} is set exactly when the kind
 * is {@link ErrorKind#REJECTED} (strict grading refused the answer as not a value).
 */
public record ExecError(ErrorKind kind, String message, RejectReason reason) {
    public ExecError(ErrorKind kind, String message) {
        this(kind, message, null);
    }
}
