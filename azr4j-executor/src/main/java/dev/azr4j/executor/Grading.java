package dev.azr4j.executor;

import java.util.Locale;

/**
 * How a predicted output or input is graded. {@link #STRICT} (the default, for training rewards and
 * probes) accepts a value and nothing else; {@link #LENIENT} is the rule a benchmark defines for
 * itself (CRUXEval's scorer executes {@code assert f(input) == prediction}), kept for scorer parity.
 */
public enum Grading {
    STRICT, LENIENT;

    /** The lowercase name used on the wire and in configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
