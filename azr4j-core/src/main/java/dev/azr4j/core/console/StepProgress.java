package dev.azr4j.core.console;

import java.util.Map;
import java.util.SequencedMap;
import java.util.function.LongSupplier;

/**
 * The one-line summary of a training step:
 * {@code step 12/960  3m05s  eta 2h41m  loss 0.123  solve/ded 0.42}. The ETA is the mean time of
 * the steps run since this object was created (a resumed run does not count earlier steps)
 * times the steps left. The caller chooses which metrics to show and their labels.
 */
public final class StepProgress {
    private final long firstStep;
    private final long totalSteps;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long budgetNanos;   // 0: no time limit

    /**
     * @param firstStep  the first step this process runs (1, or the step after the resumed checkpoint)
     * @param totalSteps the last step of the run
     */
    public StepProgress(long firstStep, long totalSteps) {
        this(firstStep, totalSteps, System::nanoTime);
    }

    public StepProgress(long firstStep, long totalSteps, LongSupplier nanoClock) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Bounds the ETA by a time budget counted from now ({@code run.max_minutes}); null or 0: none. Returns this. */
    public StepProgress withTimeLimit(Double maxMinutes) {
        this.budgetNanos = maxMinutes == null || maxMinutes <= 0 ? 0 : (long) (maxMinutes * 60e9);
        return this;
    }

    /** The line for the step just finished; {@code metrics} maps labels to values, in display order. */
    public String line(long step, SequencedMap<String, ?> metrics) {
        long elapsed = nanoClock.getAsLong() - startNanos;
        long done = Math.max(1, step - firstStep + 1);
        long left = Math.max(0, totalSteps - step);
        long eta = (long) ((double) elapsed / done * left);
        boolean byTime = budgetNanos > 0 && budgetNanos - elapsed < eta;
        if (byTime) eta = Math.max(0, budgetNanos - elapsed);
        int width = Long.toString(totalSteps).length();
        StringBuilder sb = new StringBuilder(120);
        sb.append("step ").append(String.format("%" + width + "d", step)).append('/').append(totalSteps)
                .append("  ").append(Durations.compactNanos(elapsed))
                .append("  eta ").append(left == 0 ? "done" : Durations.compactNanos(eta)).append(byTime ? " (time limit)" : "");
        for (Map.Entry<String, ?> e : metrics.entrySet()) {
            sb.append("  ").append(e.getKey()).append(' ').append(Numbers.compact(e.getValue()));
        }
        return sb.toString();
    }
}
