package dev.azr4j.core.reward;

/** The scalar rewards of solvers and proposers (spec §6). */
public final class Rewards {
    private final RewardSettings settings;

    public Rewards(RewardSettings settings) {
        this.settings = settings;
    }

    /** Solver reward: 1 when well formatted and correct, wrongReward when well formatted and wrong, else formatPenalty. */
    public double solver(boolean formatOk, boolean correct) {
        if (!formatOk) return settings.formatPenalty();
        return correct ? 1.0 : settings.wrongReward();
    }

    /** Learnability of a task with mean solve rate {@code solveRate}: {@code 1 − r̄}, and 0 when r̄ is 0 or 1. */
    public static double learnability(double solveRate) {
        return solveRate > 0 && solveRate < 1 ? 1 - solveRate : 0.0;
    }

    /**
     * Proposer reward: formatPenalty unless the output is well formatted and the proposal valid;
     * otherwise the learnability, or extremeReward when that is 0.
     */
    public double proposer(boolean formatOk, boolean valid, double solveRate) {
        if (!formatOk || !valid) return settings.formatPenalty();
        double l = learnability(solveRate);
        return l > 0 ? l : settings.extremeReward();
    }
}
