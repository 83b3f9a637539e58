package dev.azr4j.core.rl;

/**
 * Weights that make every (task type × role) group contribute equally to the gradient, whatever
 * its response lengths, as the original's per-group micro-batches of token means do (spec §7.2):
 * each token of group g weighs {@code 1 / (G · T_g)}, where T_g is the group's token count and G
 * the number of groups with at least one token.
 */
public final class TokenWeights {
    private TokenWeights() {}

    /**
     * @param groupOf group index of each sequence
     * @param lengths token count of each sequence
     * @return per-token weight of each sequence (0 for an empty one)
     */
    public static double[] perGroupMean(int[] groupOf, int[] lengths, int groups) {
        long[] tokens = new long[groups];
        for (int i = 0; i < groupOf.length; i++) tokens[groupOf[i]] += Math.max(0, lengths[i]);
        int nonEmpty = 0;
        for (long t : tokens) if (t > 0) nonEmpty++;
        double[] w = new double[groupOf.length];
        for (int i = 0; i < groupOf.length; i++) {
            long t = tokens[groupOf[i]];
            w[i] = t == 0 ? 0 : 1.0 / ((double) nonEmpty * t);
        }
        return w;
    }
}
