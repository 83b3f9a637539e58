package dev.azr4j.core.step;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.gate.GateSettings;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.reward.RewardSettings;
import dev.azr4j.core.rl.Whitening;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.model.train.LrSchedule;
import java.util.List;

/**
 * Everything a self-play step needs to know. {@link #original()} carries the original system's
 * hyperparameters (spec §7.3, paper branch).
 *
 * @param taskTypes               the task types trained, processed in the original order (abduction, deduction, induction)
 * @param batchSize               B: prompts per (task type × role) group
 * @param mcRollouts              N: solver rollouts per valid proposal for its learnability
 * @param references              K: reference snippets per abduction/deduction proposer prompt
 * @param inductionInputs         inputs per induction proposal (half shown, half hidden)
 * @param stepWeightedReferences  draw references with weight step+1 (original option {@code step}) instead of uniformly
 * @param solveMix                how solve batches are drawn from the buffers
 * @param bufferCap               most tasks a buffer holds
 * @param capPolicy               what a full buffer does
 * @param dedup                   keep one copy of equal (program, input) tasks
 * @param rejectMultipleFunctions reject proposals with more than one {@code def}
 * @param temperature             sampling temperature (rollouts and MC alike)
 * @param topP                    nucleus sampling mass
 * @param topK                    top-k filter (0: off)
 * @param maxPromptTokens         prompts longer than this are avoided
 * @param maxResponseTokens       most new tokens per completion
 * @param rewards                 reward constants
 * @param whitening               TRR++ weighting of the group mean/variance
 * @param clipLow                 PPO clip range below 1
 * @param clipHigh                PPO clip range above 1
 * @param entropyCoef             entropy bonus coefficient
 * @param klCoef                  KL-to-reference coefficient (0: off)
 * @param maxGradNorm             global gradient-norm clip
 * @param lr                      learning-rate schedule
 * @param promptStyle             wording of the task prompts
 * @param bannedKeywords          words the proposer prompt forbids
 * @param trainPropose            train on the proposer groups too (false: the "solver only" ablation)
 * @param samplesPerGroup         whole prompts/completions kept per group in samples/step-N.jsonl
 * @param grammars                the grammar constraining each role's responses (grammar-constrained decoding)
 * @param curriculum              the from-zero measures: environment tasks, imitation, the shuffled-reward control
 * @param gate                    the proposal gate's rules ({@link ProposalGate}); off: today's behaviour
 */
public record SelfPlaySettings(
        List<TaskType> taskTypes, int batchSize, int mcRollouts, int references, int inductionInputs, boolean stepWeightedReferences,
        SolveMix solveMix, int bufferCap, CapPolicy capPolicy, boolean dedup, boolean rejectMultipleFunctions,
        double temperature, double topP, int topK, int maxPromptTokens, int maxResponseTokens,
        RewardSettings rewards, Whitening whitening, double clipLow, double clipHigh, double entropyCoef,
        double klCoef, double maxGradNorm, LrSchedule lr, PromptStyle promptStyle, List<String> bannedKeywords,
        boolean trainPropose, int samplesPerGroup, RoleGrammars grammars, CurriculumConfig curriculum, GateSettings gate) {

    /** Settings without the from-zero measures and the proposal gate. */
    public SelfPlaySettings(
            List<TaskType> taskTypes, int batchSize, int mcRollouts, int references, int inductionInputs, boolean stepWeightedReferences,
            SolveMix solveMix, int bufferCap, CapPolicy capPolicy, boolean dedup, boolean rejectMultipleFunctions,
            double temperature, double topP, int topK, int maxPromptTokens, int maxResponseTokens,
            RewardSettings rewards, Whitening whitening, double clipLow, double clipHigh, double entropyCoef,
            double klCoef, double maxGradNorm, LrSchedule lr, PromptStyle promptStyle, List<String> bannedKeywords,
            boolean trainPropose, int samplesPerGroup, RoleGrammars grammars) {
        this(taskTypes, batchSize, mcRollouts, references, inductionInputs, stepWeightedReferences, solveMix, bufferCap,
                capPolicy, dedup, rejectMultipleFunctions, temperature, topP, topK, maxPromptTokens, maxResponseTokens,
                rewards, whitening, clipLow, clipHigh, entropyCoef, klCoef, maxGradNorm, lr, promptStyle, bannedKeywords,
                trainPropose, samplesPerGroup, grammars, CurriculumConfig.defaults(), GateSettings.off());
    }

    /** Settings without grammar-constrained decoding. */
    public SelfPlaySettings(
            List<TaskType> taskTypes, int batchSize, int mcRollouts, int references, int inductionInputs, boolean stepWeightedReferences,
            SolveMix solveMix, int bufferCap, CapPolicy capPolicy, boolean dedup, boolean rejectMultipleFunctions,
            double temperature, double topP, int topK, int maxPromptTokens, int maxResponseTokens,
            RewardSettings rewards, Whitening whitening, double clipLow, double clipHigh, double entropyCoef,
            double klCoef, double maxGradNorm, LrSchedule lr, PromptStyle promptStyle, List<String> bannedKeywords,
            boolean trainPropose, int samplesPerGroup) {
        this(taskTypes, batchSize, mcRollouts, references, inductionInputs, stepWeightedReferences, solveMix, bufferCap,
                capPolicy, dedup, rejectMultipleFunctions, temperature, topP, topK, maxPromptTokens, maxResponseTokens,
                rewards, whitening, clipLow, clipHigh, entropyCoef, klCoef, maxGradNorm, lr, promptStyle, bannedKeywords,
                trainPropose, samplesPerGroup, RoleGrammars.none(), CurriculumConfig.defaults(), GateSettings.off());
    }

    /** The 17 entries of the original's banned list ({@code datetime} appears twice there). */
    public static final List<String> ORIGINAL_BANNED = List.of("logging", "random", "multiprocessing", "pebble",
            "subprocess", "threading", "datetime", "time", "hashlib", "hmac", "bcrypt", "os.sys", "os.path",
            "sys.exit", "os.environ", "calendar", "datetime");

    public SelfPlaySettings {
        bannedKeywords = List.copyOf(bannedKeywords);
        if (grammars == null) grammars = RoleGrammars.none();
        if (curriculum == null) curriculum = CurriculumConfig.defaults();
        if (gate == null) gate = GateSettings.off();
        if (taskTypes.isEmpty()) throw new IllegalArgumentException("at least one task type is needed");
        taskTypes = TaskType.STEP_ORDER.stream().filter(taskTypes::contains).toList();
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
        if (mcRollouts < 1) throw new IllegalArgumentException("MC rollouts must be at least 1");
        if (references < 0) throw new IllegalArgumentException("references must be >= 0");
        if (inductionInputs < 2) throw new IllegalArgumentException("induction inputs must be at least 2");
    }

    /** The same settings with the proposal gate {@code g}. */
    public SelfPlaySettings withGate(GateSettings g) {
        return new SelfPlaySettings(taskTypes, batchSize, mcRollouts, references, inductionInputs, stepWeightedReferences, solveMix,
                bufferCap, capPolicy, dedup, rejectMultipleFunctions, temperature, topP, topK, maxPromptTokens, maxResponseTokens,
                rewards, whitening, clipLow, clipHigh, entropyCoef, klCoef, maxGradNorm, lr, promptStyle, bannedKeywords,
                trainPropose, samplesPerGroup, grammars, curriculum, g);
    }

    /** The original's values (paper branch) with azr4j's documented decisions. */
    public static SelfPlaySettings original() {
        return new SelfPlaySettings(TaskType.STEP_ORDER, 64, 8, 6, 10, false, SolveMix.MAX_NEW, 16384, CapPolicy.DROP_OLDEST, true, true,
                1.0, 1.0, 0, 6144, 8096, RewardSettings.ORIGINAL, Whitening.TOKEN, 0.2, 0.2, 0.001, 0.0, 1.0,
                new LrSchedule.Constant(1e-6), PromptStyle.FULL, ORIGINAL_BANNED, true, 2);
    }
}
