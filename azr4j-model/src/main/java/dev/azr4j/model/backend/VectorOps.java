package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised loops over float slices {@code x[off .. off+n)} that the engine's layers are built
 * from (norms, softmax, residual adds, optimizer steps). Single-threaded: they are called per row,
 * and rows are what the caller parallelises. Sums accumulate in vector lanes and then across lanes
 * ({@link LaneMath}: a fixed order, the same in every JIT tier), so results differ from a
 * left-to-right scalar sum in the last bits (as PyTorch's do).
 */
public final class VectorOps {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOps() {}

    /** {@code Σ a[aOff+i]·b[bOff+i]} for i in [0, n). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
        }
        for (; i + L <= n; i += L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        float s = LaneMath.sum(s0.add(s1));
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    /** {@code y[yOff+i] += alpha·x[xOff+i]} for i in [0, n). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** {@code x[off+i] *= alpha} for i in [0, n). */
    public static void scale(float[] x, int off, int n, float alpha) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, off + i).mul(va).intoArray(x, off + i);
        for (; i < n; i++) x[off + i] *= alpha;
    }

    /** {@code out[outOff+i] = a[aOff+i] + b[bOff+i]} for i in [0, n); out may be a or b. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    /** {@code Σ x[off+i]} for i in [0, n). */
    public static float sum(float[] x, int off, int n) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) s = s.add(FloatVector.fromArray(S, x, off + i));
        float r = LaneMath.sum(s);
        for (; i < n; i++) r += x[off + i];
        return r;
    }

    /** {@code Σ x[off+i]²} for i in [0, n) (RMSNorm, gradient norms). */
    public static float sumOfSquares(float[] x, int off, int n) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            s = v.fma(v, s);
        }
        float r = LaneMath.sum(s);
        for (; i < n; i++) r += x[off + i] * x[off + i];
        return r;
    }

    /** The largest of {@code x[off .. off+n)}; {@code -Infinity} when n is 0, NaN if any element is NaN. */
    public static float max(float[] x, int off, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) m = m.max(FloatVector.fromArray(S, x, off + i));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) r = Math.max(r, x[off + i]);
        return r;
    }

    /**
     * Replaces {@code x[off .. off+n)} by its softmax, {@code exp(x_i - max) / Σ exp(x_j - max)}, and
     * returns the log-sum-exp {@code log Σ exp(x_j)} (so log-probabilities are {@code x_i - lse}).
     * Elements equal to {@code -Infinity} (masked) get probability 0; n must be at least 1 and at least
     * one element finite.
     */
    public static float softmaxInPlace(float[] x, int off, int n) {
        if (n < 1) throw new IllegalArgumentException("softmax of an empty row");
        float mx = max(x, off, n);
        FloatVector vm = FloatVector.broadcast(S, mx);
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector e = LaneMath.exp(FloatVector.fromArray(S, x, off + i).sub(vm));
            e.intoArray(x, off + i);
            s = s.add(e);
        }
        float total = LaneMath.sum(s);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - mx);
            x[off + i] = e;
            total += e;
        }
        scale(x, off, n, 1f / total);
        return mx + (float) Math.log(total);
    }
}
