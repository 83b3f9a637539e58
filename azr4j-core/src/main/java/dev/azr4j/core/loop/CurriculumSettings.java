package dev.azr4j.core.loop;

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
 */
public record CurriculumSettings(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                 double imitationCoef, boolean shuffleRewards) {
    public CurriculumSettings {
        if (maxOps < 1) throw new IllegalArgumentException("maxOps must be >= 1");
        if (minShare < 0 || minShare > 1) throw new IllegalArgumentException("minShare must be in [0, 1]");
        if (imitationTasks < 0) throw new IllegalArgumentException("imitationTasks must be >= 0");
        if (imitationCoef < 0) throw new IllegalArgumentException("imitationCoef must be >= 0");
    }

    /** Everything off: the original algorithm. */
    public static CurriculumSettings off() {
        return new CurriculumSettings(false, 2, 0.0, 0, 0.0, false);
    }

    /** Whether any environment task is drawn. */
    boolean drawsTasks() {
        return environmentTasks || imitationTasks > 0;
    }
}
