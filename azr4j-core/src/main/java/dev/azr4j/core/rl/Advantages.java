package dev.azr4j.core.rl;

/**
 * TRR++ advantages for one (task type × role) group: REINFORCE++ whitening of the scalar rewards
 * within the group. With γ = 1 and one terminal reward every token of response i gets the same
 * advantage {@code (r_i − μ) / sqrt(σ² + ε)}.
 *
 * <p>Token weighting (default, as the original): μ = Σ L_i r_i / Σ L_i and
 * σ² = Σ L_i (r_i − μ)² / Σ L_i · n/(n−1) with n = Σ L_i (Bessel correction over tokens).
 * Response weighting uses L_i = 1. Equal rewards, or fewer than two weighted units, give 0.
 */
public final class Advantages {
    public static final double EPSILON = 1e-8;

    private Advantages() {}

    /**
     * @param rewards one scalar reward per response
     * @param lengths number of response tokens of each response
     * @return one advantage per response (applied to each of its tokens)
     */
    public static double[] compute(double[] rewards, int[] lengths, Whitening whitening) {
        if (rewards.length != lengths.length) throw new IllegalArgumentException("rewards and lengths differ in size");
        int k = rewards.length;
        double[] adv = new double[k];
        if (k == 0 || allEqual(rewards)) return adv;
        double n = 0, sum = 0;
        for (int i = 0; i < k; i++) {
            double w = weight(lengths[i], whitening);
            n += w;
            sum += w * rewards[i];
        }
        if (n <= 1) return adv;
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < k; i++) {
            double d = rewards[i] - mean;
            sq += weight(lengths[i], whitening) * d * d;
        }
        double var = sq / n * (n / (n - 1));
        double scale = 1.0 / Math.sqrt(var + EPSILON);
        for (int i = 0; i < k; i++) adv[i] = (rewards[i] - mean) * scale;
        return adv;
    }

    private static double weight(int length, Whitening whitening) {
        return whitening == Whitening.TOKEN ? Math.max(0, length) : 1.0;
    }

    private static boolean allEqual(double[] r) {
        for (double v : r) if (v != r[0]) return false;
        return true;
    }
}
