package dev.azr4j.core.step;

/**
 * The from-zero measures of a step (issue 10), each its own switch so that an ablation can turn it off.
 *
 * @param environmentTasks  mix the environment's own tasks into the solve batches ({@code EnvironmentTasks})
 * @param maxOps            longest chain of operations of an environment program
 * @param minShare          smallest share of a solve batch the environment keeps supplying
 * @param imitationTasks    further environment tasks per task type per step, trained only by imitation
 * @param imitationCoef     weight of the imitation loss: cross-entropy of the executor-verified answer of every
 *                          solve task (environment or buffer), beside the policy loss; 0 = off
 * @param shuffleRewards    the control arm: rewards permuted within each group before the advantages, so the
 *                          RL signal is noise of the same distribution
 * @param proposalReplays   remembered valid, learnable proposals per task type replayed by imitation each step ({@code ProposalMemory}); 0 = off
 * @param proposalMemory    how many such proposals per task type are remembered
 * @param proposalCoef      weight of the proposal imitation loss
 * @param contextCoef       weight of a language-model loss on the imitation sequences' prompts (the environment's
 *                          programs, inputs and outputs), beside the answers' cross-entropy; 0 = answers only
 * @param imitationUpdates  further optimizer steps per self-play step, each on {@code imitationTasks} fresh environment
 *                          tasks per type (imitation only); 0 = those tasks join the step's one update
 * @param inductionImitation induction's imitation-only tasks as a fraction of {@code imitationTasks}
 * @param canonicalInputs   abduction's environment tasks only from programs that tell their inputs apart, with the
 *                          output as the input where the program maps it to itself ({@code EnvironmentTasks})
 * @param proposalImitation environment tasks imitated as proposals per proposer each step; 0 = off
 * @param abductionImitation abduction's imitation-only tasks as a multiple of {@code imitationTasks}
 * @param proposalLiteralInputs of an induction proposal imitated from the environment, how many inputs are built
 *                          from the program's constants
 * @param hindsightProposals rejected proposals repaired by the environment ({@code HindsightRepairs}) and imitated on
 *                          their own prompts, in the proposal imitation group
 */
public record CurriculumSettings(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                 double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                                 double proposalCoef, double contextCoef, int imitationUpdates,
                                 double inductionImitation, boolean canonicalInputs, int proposalImitation,
                                 double abductionImitation, int proposalLiteralInputs, boolean hindsightProposals) {

    /** Without hindsight repairs. */
    public CurriculumSettings(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                              double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                              double proposalCoef, double contextCoef, int imitationUpdates,
                              double inductionImitation, boolean canonicalInputs, int proposalImitation,
                              double abductionImitation, int proposalLiteralInputs) {
        this(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, proposalReplays, proposalMemory,
                proposalCoef, contextCoef, imitationUpdates, inductionImitation, canonicalInputs, proposalImitation,
                abductionImitation, proposalLiteralInputs, false);
    }

    /** Abduction's imitation share as deduction's. */
    public CurriculumSettings(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                              double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                              double proposalCoef, double contextCoef, int imitationUpdates,
                              double inductionImitation, boolean canonicalInputs, int proposalImitation) {
        this(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, proposalReplays, proposalMemory,
                proposalCoef, contextCoef, imitationUpdates, inductionImitation, canonicalInputs, proposalImitation, 1.0, 0);
    }

    /** Without the proposal memory. */
    public CurriculumSettings(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                              double imitationCoef, boolean shuffleRewards) {
        this(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, 0, 256, 0.0, 0.0, 0, 1.0, false, 0);
    }

    public CurriculumSettings {
        if (maxOps < 1) throw new IllegalArgumentException("maxOps must be >= 1");
        if (minShare < 0 || minShare > 1) throw new IllegalArgumentException("minShare must be in [0, 1]");
        if (imitationTasks < 0) throw new IllegalArgumentException("imitationTasks must be >= 0");
        if (imitationCoef < 0) throw new IllegalArgumentException("imitationCoef must be >= 0");
        if (imitationUpdates < 0) throw new IllegalArgumentException("imitationUpdates must be >= 0");
        if (inductionImitation < 0 || inductionImitation > 1) throw new IllegalArgumentException("inductionImitation must be in [0, 1]");
        if (abductionImitation < 0 || abductionImitation > 4) throw new IllegalArgumentException("abductionImitation must be in [0, 4]");
        if (proposalLiteralInputs < 0) throw new IllegalArgumentException("proposalLiteralInputs must be >= 0");
        if (proposalImitation < 0) throw new IllegalArgumentException("proposalImitation must be >= 0");
        if (contextCoef < 0) throw new IllegalArgumentException("contextCoef must be >= 0");
        if (proposalReplays < 0 || proposalMemory < 1 || proposalCoef < 0)
            throw new IllegalArgumentException("proposal replays >= 0, memory >= 1 and coefficient >= 0 are needed");
    }

    /** Everything off: the original algorithm. */
    public static CurriculumSettings off() {
        return new CurriculumSettings(false, 2, 0.0, 0, 0.0, false, 0, 256, 0.0, 0.0, 0, 1.0, false, 0);
    }

    /** Imitation-only environment tasks of type {@code t} per imitation batch. */
    public int imitationTasks(dev.azr4j.core.task.TaskType t) {
        return switch (t) {
            case INDUCTION -> (int) Math.round(imitationTasks * inductionImitation);
            case ABDUCTION -> (int) Math.round(imitationTasks * abductionImitation);
            case DEDUCTION -> imitationTasks;
        };
    }

    /** Whether any environment task is drawn. */
    boolean drawsTasks() {
        return environmentTasks || imitationTasks > 0 || proposalImitation > 0;
    }
}
