package dev.azr4j.model.nn;

import dev.azr4j.model.backend.LaneMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-row statistics of the tempered distribution p = softmax(z / τ): log-sum-exp, entropy
 * H = −Σ p log p, and the gradient of a·log p(target) + b·H w.r.t. z. Vectorised (vocabularies
 * of 150k entries make these loops matter); sums are kept in float lanes and combined in double.
 * exp and the lane sums are {@link LaneMath}'s, whose bits do not depend on the JIT tier: a run
 * repeated with the same seed and thread count reproduces every log-probability and entropy.
 * <p>Entries of −∞ are tokens masked out (by a grammar): they have probability 0, add nothing to the
 * entropy (0 · log 0 = 0) and get gradient 0, so these statistics are those of the masked
 * distribution renormalised over the finite entries. At least one entry must be finite.
 */
public final class LogSoftmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LogSoftmax() {}

    /** log Σ_j exp(z_j / τ), stable. */
    public static double logSumExp(float[] z, int off, int n, double invTemp) {
        float max = max(z, off, n) * (float) invTemp;
        return max + Math.log(sumExp(z, off, n, (float) invTemp, max));
    }

    private static float max(float[] z, int off, int n) {
        int i = 0;
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) m = m.max(FloatVector.fromArray(S, z, off + i));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) r = Math.max(r, z[off + i]);
        return r;
    }

    /** Σ exp(z·invT − shift). */
    private static double sumExp(float[] z, int off, int n, float invT, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(LaneMath.exp(FloatVector.fromArray(S, z, off + i).mul(invT).sub(shift)));
        }
        double s = LaneMath.sum(acc);
        for (; i < n; i++) s += Math.exp(z[off + i] * invT - shift);
        return s;
    }

    /** Entropy of softmax(z / τ) given its log-sum-exp. */
    public static double entropy(float[] z, int off, int n, double invTemp, double lse) {
        float invT = (float) invTemp, l = (float) lse;
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector lp = FloatVector.fromArray(S, z, off + i).mul(invT).sub(l);
            FloatVector p = LaneMath.exp(lp);
            // p = 0 (masked, lp = −∞, or underflow) contributes 0, never 0 · −∞ = NaN
            acc = acc.add(p.mul(lp), p.compare(VectorOperators.GT, 0f));
        }
        double h = -LaneMath.sum(acc);
        for (; i < n; i++) {
            double lp = z[off + i] * invT - l;
            double p = Math.exp(lp);
            if (p > 0) h -= p * lp;
        }
        return h;
    }

    /**
     * Overwrites z[off, off+n) with d(a·log p_target + b·H)/dz, where
     * d log p_y/ds = onehot(y) − p, dH/ds = −p ∘ (log p + H), and s = z/τ.
     */
    public static void gradient(float[] z, int off, int n, double invTemp, int target, double a, double b) {
        double lse = logSumExp(z, off, n, invTemp);
        double h = b != 0 ? entropy(z, off, n, invTemp, lse) : 0;
        float invT = (float) invTemp, l = (float) lse;
        // g_j = τ⁻¹ · (−p_j · (a + b·(log p_j + H)))  (+ a·τ⁻¹ at the target)
        float fa = (float) a, fb = (float) b, fh = (float) h;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector lp = FloatVector.fromArray(S, z, off + i).mul(invT).sub(l);
            FloatVector p = LaneMath.exp(lp);
            FloatVector g = p.neg().mul(lp.add(fh).mul(fb).add(fa)).mul(invT);
            // a masked entry (p = 0, lp = −∞) has gradient 0, not 0 · −∞
            g.blend(0f, p.compare(VectorOperators.EQ, 0f)).intoArray(z, off + i);
        }
        for (; i < n; i++) {
            double lp = z[off + i] * invTemp - lse;
            double p = Math.exp(lp);
            z[off + i] = p == 0 ? 0f : (float) (-p * (a + b * (lp + h)) * invTemp);
        }
        z[off + target] += (float) (a * invTemp);
    }
}
