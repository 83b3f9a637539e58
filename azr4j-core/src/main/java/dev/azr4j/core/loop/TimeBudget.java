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
