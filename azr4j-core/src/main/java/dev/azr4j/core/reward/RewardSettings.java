package dev.azr4j.core.reward;

/**
 * The reward constants (spec §4.7, §6).
 *
 * @param formatPenalty   reward of badly formatted output and of invalid proposals (original: −1)
 * @param wrongReward     reward of a well-formatted wrong solution (original: −0.5)
 * @param extremeReward   reward of a valid proposal whose Monte-Carlo solve rate is 0 or 1
 *                        (original code: −0.5; the paper: 0)
 */
public record RewardSettings(double formatPenalty, double wrongReward, double extremeReward) {
    /** The original code's values. */
    public static final RewardSettings ORIGINAL = new RewardSettings(-1.0, -0.5, -0.5);
}
