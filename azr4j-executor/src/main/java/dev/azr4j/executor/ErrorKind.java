package dev.azr4j.executor;

import java.util.Locale;

/** Why an execution did not succeed; {@link #id()} is the stable lowercase name used on the wire. */
public enum ErrorKind {
    SYNTAX, BANNED, NO_ENTRY, TIMEOUT, MEMORY, RUNTIME, NONDETERMINISTIC, UNSERIALIZABLE, TOO_LARGE,
    WORKER_CRASH, BAD_REQUEST;

    /** The stable lowercase name, e.g. {@code "no_entry"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named by {@code id}, or {@code null} when no kind has that name. */
    public static ErrorKind fromId(String id) {
        for (ErrorKind k : values()) if (k.id().equals(id)) return k;
        return null;
    }
}
