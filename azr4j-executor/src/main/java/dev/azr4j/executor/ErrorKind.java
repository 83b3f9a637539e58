package dev.azr4j.executor;

import java.util.Locale;

/** Why an execution did not succeed; {@link #id()} is the stable lowercase name used on the wire. */
public enum ErrorKind {
    SYNTAX, BANNED, NO_ENTRY, TIMEOUT, MEMORY, RUNTIME, NONDETERMINISTIC, UNSERIALIZABLE, TOO_LARGE,
    WORKER_CRASH, BAD_REQUEST,
    /** Strict grading refused the answer as not a value; {@link ExecError#reason()} says why. A wrong answer. */
    REJECTED;

    /** The stable lowercase name, e.g. {@code "no_entry"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final java.util.Map<String, ErrorKind> BY_ID = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(ErrorKind::id, k -> k));

    /** The kind named by {@code id}, or {@code null} when no kind has that name. */
    public static ErrorKind fromId(String id) {
        return id == null ? null : BY_ID.get(id);
    }
}
