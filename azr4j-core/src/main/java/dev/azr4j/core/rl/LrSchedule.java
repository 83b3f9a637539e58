package dev.azr4j.core.rl;

/**
 * Learning rate per optimizer step: linear warmup over {@code warmupSteps} then constant or cosine
 * decay to {@code minRatio·lr} at {@code totalSteps}. Unlike veRL the first step is not 0 (G2).
 */
public record LrSchedule(double lr, int warmupSteps, boolean cosine, int totalSteps, double minRatio) {
    public static LrSchedule constant(double lr) {
        return new LrSchedule(lr, 0, false, 0, 1.0);
    }

    /** The rate for 1-based optimizer step {@code step}. */
    public double at(long step) {
        if (warmupSteps > 0 && step <= warmupSteps) return lr * step / warmupSteps;
        if (!cosine || totalSteps <= warmupSteps) return lr;
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return lr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
