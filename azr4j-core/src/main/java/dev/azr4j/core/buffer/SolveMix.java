package dev.azr4j.core.buffer;

/** How a solve batch is drawn from a buffer (spec §8.4). */
public enum SolveMix {
    /** As many tasks from the previous step as fit, topped up uniformly from the whole buffer (original). */
    MAX_NEW,
    /** At most half of the batch from the previous step, the rest uniformly. */
    HALF_NEW,
    /** Uniformly from the whole buffer. */
    UNIFORM_TOTAL,
    /** Weighted by creation step (seeds weigh 0 unless nothing else is there). */
    STEP
}
