package dev.azr4j.core.loop;

import dev.azr4j.core.console.Durations;
import java.util.function.LongSupplier;

/**
 * {@code run.max_minutes}: the wall-clock budget of one training process, counted from the start of
 * {@link SelfPlayRun#train} (the {@code step-0} save included; a resumed run gets a fresh budget).
 * Before each step the loop asks {@link #reasonToStop()}: the run stops when the budget is spent,
 * or when the next step, by the mean time of the steps run so far, and the final checkpoint after
 * it, by the time of the latest checkpoint, would end past it. So a run ends within its budget as
 * far as its own past steps predict; the first step always runs unless the budget is already spent.
 */
final class TimeBudget {
    private final long budgetNanos;   // 0: no limit
    private final double minutes;
    private final LongSupplier clock;
    private final long startNanos;
    private long steps;
    private long stepNanos;
    private long lastCheckpointNanos;

    /** @param minutes the budget; null or 0: no limit */
    TimeBudget(Double minutes, LongSupplier clock) {
        if (minutes != null && (minutes < 0 || !Double.isFinite(minutes)))
            throw new IllegalArgumentException("max minutes must be a finite number >= 0, got " + minutes);
        this.minutes = minutes == null ? 0 : minutes;
        this.budgetNanos = (long) (this.minutes * 60e9);
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    long now() {
        return clock.getAsLong();
    }

    long elapsedNanos() {
        return clock.getAsLong() - startNanos;
    }

    /** A step (generation, execution, update, evaluation; its checkpoint not included) took this long. */
    void stepTook(long nanos) {
        steps++;
        stepNanos += nanos;
    }

    void checkpointTook(long nanos) {
        lastCheckpointNanos = nanos;
    }

    /** The floor of {@link #cooldownScale}: the learning rate ends at a tenth of the schedule's. */
    static final double COOLDOWN_FLOOR = 0.1;

    /**
     * The learning rate's factor now (its {@code run.lr_cooldown}): 1 until the last {@code fraction}
     * of the budget, then falling linearly to {@value #COOLDOWN_FLOOR} at its end; 1 without a budget.
     */
    double cooldownScale(double fraction) {
        if (budgetNanos <= 0 || fraction <= 0) return 1.0;
        double spent = Math.min(1.0, elapsedNanos() / (double) budgetNanos);
        double into = (spent - (1 - fraction)) / fraction;
        return into <= 0 ? 1.0 : 1.0 - (1.0 - COOLDOWN_FLOOR) * Math.min(1.0, into);
    }

    /** Why the next step should not start, for the console; null to go on. */
    String reasonToStop() {
        if (budgetNanos <= 0) return null;
        long elapsed = elapsedNanos();
        String limit = "run.max_minutes=" + trim(minutes);
        if (elapsed >= budgetNanos)
            return "time limit " + limit + " reached after " + Durations.compactNanos(elapsed);
        if (steps == 0) return null;
        long mean = stepNanos / steps;
        long end = elapsed + mean + lastCheckpointNanos;
        if (end > budgetNanos)
            return "time limit " + limit + ": " + Durations.compactNanos(elapsed) + " spent, and another step (~"
                    + Durations.compactNanos(mean) + ") with its checkpoint (~" + Durations.compactNanos(lastCheckpointNanos)
                    + ") would end at " + Durations.compactNanos(end);
        return null;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
