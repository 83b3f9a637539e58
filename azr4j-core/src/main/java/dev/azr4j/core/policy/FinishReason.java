package dev.azr4j.core.policy;

/** Why generation of one completion stopped. */
public enum FinishReason {
    /** The model emitted its end-of-sequence token. */
    STOP,
    /** The completion reached the maximum number of new tokens (or the context length). */
    LENGTH
}
