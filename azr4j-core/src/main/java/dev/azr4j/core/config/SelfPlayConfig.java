package dev.azr4j.core.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code selfplay} section: the Absolute Zero loop (azr-spec.md §1, §6, §7, §8).
 *
 * @param taskTypes          task types trained, in processing order
 * @param batchSize          prompts per (task type, role) group per step (B)
 * @param references         reference tasks shown in each abduction/deduction proposer prompt (K)
 * @param mcSamples          solver rollouts per valid proposal for the learnability estimate (N)
 * @param inductionInputs    inputs an induction proposal must give; the first half is shown, the rest hidden
 * @param temperature        sampling temperature of every rollout
 * @param topP               nucleus sampling mass; 1 = off
 * @param topK               top-k sampling; 0 = off
 * @param maxPromptTokens    prompts longer than this are not used
 * @param maxResponseTokens  generation length limit
 * @param bufferMax          cap on each task buffer
 * @param bufferFull         what happens to a full buffer
 * @param solveMix           how solver tasks are drawn from a buffer
 * @param invalidReward      reward of a badly formatted response or an invalid proposal
 * @param wrongReward        reward of a well-formatted wrong solver answer
 * @param unlearnableReward  reward of a valid proposal that all or none of the N rollouts solve (original code -0.5, paper 0)
 * @param whitening          how TRR++ weighs responses when normalising a group's rewards
 * @param bannedWords        import names a proposed program may not use (the original's 17 entries)
 * @param seedTasks          seed file in the original's format ({@code *_seed_io.jsonl}); null = the identity program
 * @param grammar            grammar-constrained decoding per role
 * @param promptStyle        wording of the task prompts: auto (full for pretrained models, compact from zero), full,
 *                           compact, or terse (one-letter sections and bare answers, for byte models trained from zero)
 * @param curriculum         the from-zero measures (environment tasks, imitation, the shuffled-reward control)
 * @param gate               what a proposal must pass to be valid, and which valid proposals are stored (anti-collapse)
 */
public record SelfPlayConfig(
        List<TaskType> taskTypes,
        @Range(min = 1) int batchSize,
        @Range(min = 0) int references,
        @Range(min = 1) int mcSamples,
        @Range(min = 2) int inductionInputs,
        @Range(min = 0) double temperature,
        @Range(min = 0, max = 1, minExclusive = true) double topP,
        @Range(min = 0) int topK,
        @Range(min = 16) int maxPromptTokens,
        @Range(min = 1) int maxResponseTokens,
        @Range(min = 1) int bufferMax,
        BufferFull bufferFull,
        SolveMix solveMix,
        double invalidReward,
        double wrongReward,
        double unlearnableReward,
        Whitening whitening,
        List<String> bannedWords,
        @Nullable Path seedTasks,
        GrammarConfig grammar,
        PromptStyle promptStyle,
        CurriculumConfig curriculum,
        GateConfig gate) {

    /** Prompt wording; AUTO: full for a pretrained model, compact for one trained from zero. */
    public enum PromptStyle { AUTO, FULL, COMPACT, TERSE, BARE }

    /** The three Absolute Zero task types (azr-spec.md §2). */
    public enum TaskType { ABDUCTION, DEDUCTION, INDUCTION }

    /** Full-buffer policy: drop the oldest entries (azr4j), or keep them and discard new ones (the original). */
    public enum BufferFull { DROP_OLDEST, KEEP_OLDEST }

    /** Solve-batch sampling (azr-spec.md §8.4). */
    public enum SolveMix { MAX_NEW, UNIFORM_TOTAL, HALF_NEW }

    /** TRR++ whitening: token-weighted (the original's code) or response-weighted (the paper's formula). */
    public enum Whitening { TOKEN, RESPONSE }

    /** The original's banned import words, duplicate {@code datetime} included (azr-spec.md §5.2). */
    public static final List<String> ORIGINAL_BANNED_WORDS = List.of(
            "logging", "random", "multiprocessing", "pebble", "subprocess", "threading", "datetime",
            "time", "hashlib", "hmac", "bcrypt", "os.sys", "os.path", "sys.exit", "os.environ",
            "calendar", "datetime");

    public SelfPlayConfig {
        if (taskTypes.isEmpty()) {
            throw new ConfigException("configuration key 'selfplay.task_types' must list at least one of abduction, deduction, induction, got []");
        }
        Set<TaskType> seen = new HashSet<>();
        for (TaskType t : taskTypes) {
            if (!seen.add(t)) {
                throw new ConfigException("configuration key 'selfplay.task_types' lists '"
                        + ConfigNames.enumName(t) + "' twice; list each task type at most once");
            }
        }
        if (inductionInputs % 2 != 0) {
            throw new ConfigException("configuration key 'selfplay.induction_inputs' must be an even number "
                    + "(half the inputs are shown, half hidden), got " + inductionInputs);
        }
        taskTypes = List.copyOf(taskTypes);
        bannedWords = List.copyOf(bannedWords);
    }

    /** The original's values for real models (azr-spec.md §7.3). */
    public static SelfPlayConfig defaults() {
        return new SelfPlayConfig(List.of(TaskType.ABDUCTION, TaskType.DEDUCTION, TaskType.INDUCTION),
                64, 6, 8, 10, 1.0, 1.0, 0, 6144, 8096, 16384,
                BufferFull.DROP_OLDEST, SolveMix.MAX_NEW, -1.0, -0.5, -0.5, Whitening.TOKEN,
                ORIGINAL_BANNED_WORDS, null, GrammarConfig.defaults(), PromptStyle.AUTO, CurriculumConfig.defaults(), GateConfig.defaults());
    }
}
