package dev.azr4j.core.step;

import dev.azr4j.core.policy.LossSettings;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.policy.UpdateStats;
import dev.azr4j.model.train.LrSchedule;
import java.util.List;

/** One optimizer step of the policy at the step's learning rate (the schedule's, times the run's cool-down). */
public final class PolicyUpdate {
    private final Policy policy;
    private final LrSchedule lr;
    private final double clipLow, clipHigh, entropyCoef, klCoef, maxGradNorm, temperature;

    PolicyUpdate(Policy policy, LrSchedule lr, double clipLow, double clipHigh, double entropyCoef, double klCoef,
                 double maxGradNorm, double temperature) {
        this.policy = policy;
        this.lr = lr;
        this.clipLow = clipLow;
        this.clipHigh = clipHigh;
        this.entropyCoef = entropyCoef;
        this.klCoef = klCoef;
        this.maxGradNorm = maxGradNorm;
        this.temperature = temperature;
    }

    UpdateStats update(List<TrainSequence> batch, StepContext ctx) {
        LossSettings loss = new LossSettings(clipLow, clipHigh, entropyCoef, klCoef, maxGradNorm,
                ctx.lrScale() * lr.lr(ctx.step() - 1), temperature);
        long tokens = 0;
        for (TrainSequence x : batch) tokens += x.promptIds().length + x.completionIds().length;
        return ctx.clock().updating(tokens, () -> policy.update(batch, loss));
    }
}
