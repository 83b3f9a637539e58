package dev.azr4j.core.config;

/**
 * The {@code run} section: length of the run and what it writes.
 *
 * @param seed             seed of every random choice in the run (sampling, buffers, initialisation)
 * @param steps            total number of training steps
 * @param checkpointEvery  write a checkpoint every this many steps (and always at the end)
 * @param samplesPerRole   prompts/completions kept per (task type, role) in {@code RUN/samples/step-N.jsonl}; 0 = none
 * @param logEvery         print a console progress line every this many steps
 * @param keepCheckpoints  keep the newest this many checkpoints plus {@code step-0}, deleting older ones; 0 = keep all
 * @param maxMinutes       wall-clock budget of one {@code azr train} process in minutes: the run stops with a
 *                         checkpoint before a step that would overrun it; null or 0 = no limit
 * @param lrCooldown       with max_minutes: the last fraction of the budget in which the learning rate falls
 *                         linearly to a tenth of the schedule's, so that the final checkpoint is taken at a small
 *                         step size; 0 = off
 */
public record RunConfig(
        long seed,
        @Range(min = 1) int steps,
        @Range(min = 1) int checkpointEvery,
        @Range(min = 0) int samplesPerRole,
        @Range(min = 1) int logEvery,
        @Range(min = 0) int keepCheckpoints,
        @Nullable @Range(min = 0) Double maxMinutes,
        @Range(min = 0, max = 1) double lrCooldown) {

    /** The original system's values: 960 steps, a checkpoint every 10. */
    public static RunConfig defaults() {
        return new RunConfig(1, 960, 10, 4, 1, 3, null, 0.0);
    }
}
