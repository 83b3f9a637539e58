package dev.azr4j.core.config;

/**
 * The {@code selfplay.curriculum} section: the from-zero measures of issue 10, each a switch.
 *
 * @param environmentTasks mix tasks the environment makes itself (typed random programs, outputs by the
 *                         executor, never a probe program) into the solve batches; the share starts at 1 and
 *                         falls to {@code minShare} as the proposals of the type become learnable
 * @param maxOps           longest chain of operations of an environment program
 * @param minShare         smallest share of a solve batch the environment keeps supplying
 * @param imitationTasks   further environment tasks per task type per step, trained by imitation only (no sampling)
 * @param imitationCoef    weight of the imitation loss (cross-entropy on the executor-verified answer of every
 *                         solve task) beside the policy loss; 0 = off
 * @param shuffleRewards   control arm: rewards permuted within each group, so the RL signal carries no information
 * @param proposalReplays  remembered valid, learnable proposals per task type replayed by imitation each step; 0 = off
 * @param proposalMemory   how many such proposals per task type are remembered (the newest)
 * @param proposalCoef     weight of the proposal imitation loss
 * @param contextCoef      weight of a language-model loss on the imitation sequences' prompts; 0 = answers only
 * @param imitationUpdates further optimizer steps per self-play step, each on imitationTasks fresh environment tasks
 *                         per type; 0 = those tasks join the step's one update
 * @param inductionImitation induction's imitation-only tasks as a fraction of imitationTasks (its sequences are
 *                         the longest: a program, several pairs and a message)
 * @param canonicalInputs  abduction's environment tasks only from programs that tell their inputs apart, with the
 *                         output itself as the input where the program maps it to itself (a fair imitation target)
 * @param proposalImitation environment tasks imitated as proposals per proposer each step (terse format): programs
 *                         that tell their inputs apart, with an input; induction inputs with more than one output and
 *                         the program's description as the message; 0 = off
 * @param abductionImitation abduction's imitation-only tasks as a multiple of imitationTasks (input prediction, the
 *                         inversion of a program, is learned more slowly than output prediction)
 * @param proposalLiteralInputs of each induction proposal imitated from the environment, how many inputs are built from
 *                         the program's constants
 * @param hindsightProposals rejected proposals repaired by the environment and imitated on their own prompts: a constant
 *                         program's nearest edit that its inputs tell apart, a duplicate's program on a new input,
 *                         induction inputs with inputs from the program's constants that give another output
 * @param world            the surface of the environment's programs and values and of the proposers' program language:
 *                         {@code narrow} (issue 10: 7 letters, small ints, the argument {@code a}) or {@code broad}
 *                         (issue 23: printable strings, wide ints, lists of words, many names and operations, proposers
 *                         one operation deeper than the environment); {@link dev.azr4j.core.curriculum.World}
 * @param loopPrograms     the share of the broad world's deduction and abduction tasks that are multi-line functions with a
 *                         local variable, a loop and a conditional ({@code LoopPrograms}); 0 = one-line programs only
 * @param narrowShare      with the broad world, the share of the environment's one-line programs drawn from the narrow
 *                         world with its values and the argument {@code a}: a mixture of the two; 0 = broad only
 * @param bufferImitation  the share of each imitation update's tasks of a type taken from that type's task buffer (tasks the
 *                         proposers wrote and the executor validated, newest first by weight) instead of the environment,
 *                         where the buffer has them: the proposers' tasks as a real part of what the solver learns from
 *                         (issue 23); 0 = environment only
 */
public record CurriculumConfig(
        boolean environmentTasks,
        @Range(min = 1, max = 4) int maxOps,
        @Range(min = 0, max = 1) double minShare,
        @Range(min = 0) int imitationTasks,
        @Range(min = 0) double imitationCoef,
        boolean shuffleRewards,
        @Range(min = 0) int proposalReplays,
        @Range(min = 1) int proposalMemory,
        @Range(min = 0) double proposalCoef,
        @Range(min = 0) double contextCoef,
        @Range(min = 0) int imitationUpdates,
        @Range(min = 0, max = 1) double inductionImitation,
        boolean canonicalInputs,
        @Range(min = 0) int proposalImitation,
        @Range(min = 0, max = 4) double abductionImitation,
        @Range(min = 0) int proposalLiteralInputs,
        boolean hindsightProposals,
        WorldName world,
        @Range(min = 0, max = 1) double loopPrograms,
        @Range(min = 0, max = 1) double narrowShare,
        @Range(min = 0, max = 1) double bufferImitation) {

    public CurriculumConfig {
        if (world == null) world = WorldName.NARROW;
        if (loopPrograms > 0 && world == WorldName.NARROW)
            throw new ConfigException("configuration key 'selfplay.curriculum.loop_programs' is " + loopPrograms
                    + ", but loop programs are of the broad world: set selfplay.curriculum.world: broad, or loop_programs: 0");
        if (narrowShare > 0 && world == WorldName.NARROW)
            throw new ConfigException("configuration key 'selfplay.curriculum.narrow_share' is " + narrowShare
                    + ", but it mixes the narrow world into the broad one: set selfplay.curriculum.world: broad, or narrow_share: 0");
    }

    /** The names of {@link dev.azr4j.core.curriculum.World}s. */
    public enum WorldName { NARROW, BROAD }

    /** All off: the original algorithm. */
    public static CurriculumConfig defaults() {
        return new CurriculumConfig(false, 2, 0.25, 0, 0.0, false, 0, 256, 0.0, 0.0, 0, 1.0, false, 0, 1.0, 0, false, WorldName.NARROW, 0.0, 0.0,
                0.0);
    }

    /** The world the environment draws from and the proposers write in. */
    public dev.azr4j.core.curriculum.World surface() {
        return dev.azr4j.core.curriculum.World.of(world.name());
    }

    /** Imitation-only environment tasks of type {@code t} per imitation batch. */
    public int imitationTasks(dev.azr4j.core.task.TaskType t) {
        return switch (t) {
            case INDUCTION -> (int) Math.round(imitationTasks * inductionImitation);
            case ABDUCTION -> (int) Math.round(imitationTasks * abductionImitation);
            case DEDUCTION -> imitationTasks;
        };
    }

    /** Whether any environment task is drawn (for the solve batches, for imitation, or as proposals). */
    public boolean drawsTasks() {
        return environmentTasks || imitationTasks > 0 || proposalImitation > 0;
    }
}
