package dev.azr4j.core.buffer;

/** What a full buffer does with a new task. */
public enum CapPolicy {
    /** Drop the oldest entries to make room (azr4j default). */
    DROP_OLDEST,
    /** Keep the oldest entries and discard the new task (the original's behaviour). */
    DROP_NEW
}
