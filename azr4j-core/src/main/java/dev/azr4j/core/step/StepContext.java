package dev.azr4j.core.step;

import java.util.SplittableRandom;

/**
 * What a step is given, passed to every stage that needs it: the step number (1-based), its seed
 * and the one random stream every draw of the step comes from (in a fixed order, so the seed decides
 * them all), the learning-rate scale of the run's cool-down, and the clock its timings are kept on.
 */
public record StepContext(long step, long seed, SplittableRandom random, double lrScale, StepClock clock) {
    public StepContext {
        if (!(lrScale > 0 && lrScale <= 1)) throw new IllegalArgumentException("learning-rate scale must be in (0, 1], got " + lrScale);
    }

    /** Step {@code step} seeded with {@code seed}, at the learning-rate scale {@code lrScale}, timed by the system clock. */
    public static StepContext of(long step, long seed, double lrScale) {
        return new StepContext(step, seed, new SplittableRandom(seed), lrScale, new StepClock(System::nanoTime));
    }
}
