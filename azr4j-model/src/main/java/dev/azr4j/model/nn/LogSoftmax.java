package dev.azr4j.model.nn;

/**
 * Per-row statistics of the tempered distribution p = softmax(z / τ) computed in double:
 * log p(target), the entropy H = −Σ p log p, and the gradient of a·log p(target) + b·H w.r.t. z.
 */
public final class LogSoftmax {
    private LogSoftmax() {}

    /** log Σ_j exp(z_j / τ), stable. */
    public static double logSumExp(float[] z, int off, int n, double invTemp) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z[off + j] * invTemp);
        double sum = 0;
        for (int j = 0; j < n; j++) sum += Math.exp(z[off + j] * invTemp - max);
        return max + Math.log(sum);
    }

    /** Entropy of softmax(z / τ) given its log-sum-exp. */
    public static double entropy(float[] z, int off, int n, double invTemp, double lse) {
        double h = 0;
        for (int j = 0; j < n; j++) {
            double lp = z[off + j] * invTemp - lse;
            h -= Math.exp(lp) * lp;
        }
        return h;
    }

    /**
     * Overwrites z[off, off+n) with d(a·log p_target + b·H)/dz, where
     * d log p_y/ds = onehot(y) − p, dH/ds = −p ∘ (log p + H), and s = z/τ.
     */
    public static void gradient(float[] z, int off, int n, double invTemp, int target,
                                double a, double b) {
        double lse = logSumExp(z, off, n, invTemp);
        double h = b != 0 ? entropy(z, off, n, invTemp, lse) : 0;
        for (int j = 0; j < n; j++) {
            double lp = z[off + j] * invTemp - lse;
            double p = Math.exp(lp);
            double g = -a * p - b * p * (lp + h);
            if (j == target) g += a;
            z[off + j] = (float) (g * invTemp);
        }
    }
}
