package dev.azr4j.core.task;

import java.util.Locale;

/** The two roles the one model plays. */
public enum Role {
    PROPOSE, SOLVE;

    /** Stable lowercase id, e.g. {@code "propose"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
