package dev.azr4j.executor;

/** A failed execution: its kind and a one-line message. */
public record ExecError(ErrorKind kind, String message) {}
