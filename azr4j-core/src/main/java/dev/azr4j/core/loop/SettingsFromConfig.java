package dev.azr4j.core.loop;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.config.OptimConfig;
import dev.azr4j.core.config.SelfPlayConfig;
import dev.azr4j.core.curriculum.World;
import dev.azr4j.core.gate.GateSettings;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.reward.RewardSettings;
import dev.azr4j.core.rl.Whitening;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.model.train.LrSchedule;
import java.util.List;

/** Maps the configuration file's sections onto the loop's {@link SelfPlaySettings}. */
public final class SettingsFromConfig {
    /** Final learning rate of the cosine schedule, as a share of the peak. */
    private static final double COSINE_FLOOR = 0.1;

    private SettingsFromConfig() {}

    /**
     * @param pretrained whether the model was pretrained (HF checkpoint): it gets the full prompt
     *                   wording; a model trained from zero on bytes gets the compact one, which has
     *                   the same structure and costs a fraction of the tokens
     */
    public static SelfPlaySettings of(AzrConfig c, boolean pretrained) {
        SelfPlayConfig s = c.selfplay();
        CurriculumConfig cur = s.curriculum();
        PromptStyle style = switch (s.promptStyle()) {
            case AUTO -> pretrained ? PromptStyle.FULL : PromptStyle.COMPACT;
            case FULL -> PromptStyle.FULL;
            case COMPACT -> PromptStyle.COMPACT;
            case TERSE -> PromptStyle.TERSE;
            case BARE -> PromptStyle.BARE;
        };
        OptimConfig o = c.optim();
        List<TaskType> types = s.taskTypes().stream().map(t -> TaskType.valueOf(t.name())).toList();
        SolveMix mix = switch (s.solveMix()) {
            case MAX_NEW -> SolveMix.MAX_NEW;
            case HALF_NEW -> SolveMix.HALF_NEW;
            case UNIFORM_TOTAL -> SolveMix.UNIFORM_TOTAL;
        };
        CapPolicy cap = s.bufferFull() == SelfPlayConfig.BufferFull.KEEP_OLDEST ? CapPolicy.DROP_NEW : CapPolicy.DROP_OLDEST;
        Whitening whitening = s.whitening() == SelfPlayConfig.Whitening.RESPONSE ? Whitening.RESPONSE : Whitening.TOKEN;
        LrSchedule lr = switch (o.schedule()) {
            case CONSTANT -> new LrSchedule.Constant(o.lr());
            case LINEAR_WARMUP -> new LrSchedule.LinearWarmup(o.lr(), o.warmupSteps());
            // decay over the run; a run no longer than its warm-up simply ends at the peak
            case COSINE -> new LrSchedule.Cosine(o.lr(), o.warmupSteps(),
                    Math.max(c.run().steps(), o.warmupSteps() + 1L), o.lr() * COSINE_FLOOR);
        };
        World world = cur.surface();
        return new SelfPlaySettings(types, s.batchSize(), s.mcSamples(), s.references(), s.inductionInputs(), false, mix,
                s.bufferMax(), cap, true, true, s.temperature(), s.topP(), s.topK(), s.maxPromptTokens(), s.maxResponseTokens(),
                new RewardSettings(s.invalidReward(), s.wrongReward(), s.unlearnableReward()), whitening,
                o.clipLow(), o.clipHigh(), o.entropyCoef(), o.klCoef(), o.gradClip(), lr,
                style, s.bannedWords(), true, c.run().samplesPerRole(),
                RoleGrammars.of(s.grammar(), s.inductionInputs(), style.terse(), world, world.proposerDepth(cur.maxOps())),
                cur,
                GateSettings.of(s.gate()).withWorld(world));
    }
}
