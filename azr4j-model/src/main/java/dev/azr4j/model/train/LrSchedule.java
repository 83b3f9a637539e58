package dev.azr4j.model.train;

/**
 * Learning rate per optimizer step. {@code step} counts from 0 (the first update); warm-up ramps
 * linearly to the peak reaching it at step {@code warmupSteps − 1}, so the first update never uses 0.
 */
public sealed interface LrSchedule {

    double lr(long step);

    /** The same learning rate at every step. */
    record Constant(double lr) implements LrSchedule {
        public Constant {
            if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }

        @Override
        public double lr(long step) {
            return lr;
        }
    }

    /** Linear warm-up over {@code warmupSteps}, then constant at {@code peak}. */
    record LinearWarmup(double peak, long warmupSteps) implements LrSchedule {
        public LinearWarmup {
            if (!(peak >= 0) || warmupSteps < 0) throw new IllegalArgumentException("bad warm-up schedule: peak " + peak + ", steps " + warmupSteps);
        }

        @Override
        public double lr(long step) {
            return step < warmupSteps ? peak * (step + 1) / warmupSteps : peak;
        }
    }

    /** Linear warm-up, then cosine decay from {@code peak} to {@code min} at {@code totalSteps}, then {@code min}. */
    record Cosine(double peak, long warmupSteps, long totalSteps, double min) implements LrSchedule {
        public Cosine {
            if (!(peak >= 0) || !(min >= 0) || warmupSteps < 0 || totalSteps <= warmupSteps) {
                throw new IllegalArgumentException("bad cosine schedule: peak " + peak + ", min " + min
                        + ", warm-up " + warmupSteps + ", total " + totalSteps + " (total must exceed warm-up)");
            }
        }

        @Override
        public double lr(long step) {
            if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
            double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
            return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }
}
