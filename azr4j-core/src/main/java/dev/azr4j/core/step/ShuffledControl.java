package dev.azr4j.core.step;

import dev.azr4j.core.task.Group;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The control arm: each group's rewards in a random order before the advantages, so that the RL
 * signal is noise of the same distribution and what the run learns comes from everything else.
 */
final class ShuffledControl implements StepExtension {
    @Override
    public void beforeAdvantages(Map<Group, List<Rollout>> groups, StepContext ctx) {
        for (List<Rollout> g : groups.values()) {
            double[] r = g.stream().mapToDouble(Rollout::reward).toArray();
            shuffle(r, ctx.random());
            for (int i = 0; i < r.length; i++) g.get(i).reward(r[i]);
        }
    }

    /** Fisher–Yates, in place. */
    static void shuffle(double[] values, SplittableRandom rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
    }
}
