package dev.azr4j.model.nn;

import dev.azr4j.model.backend.LaneMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Row-parallel elementwise layers (RMSNorm, bias, SwiGLU) with their backward passes. */
final class Kernels {
    private Kernels() {}

    /** out = x / rms(x) · w per row; inv[t] = 1/rms(x_t) is kept for the backward pass. */
    static void rmsNorm(Parallel par, float[] x, float[] w, float eps, float[] out, float[] inv, int rows, int d) {
        par.forChunks(rows, d, (c, from, to) -> {
            for (int t = from; t < to; t++) {
                int off = t * d;
                float ms = VectorMath.sumSquares(x, off, d) / d;
                float r = (float) (1.0 / Math.sqrt(ms + eps));
                inv[t] = r;
                for (int i = 0; i < d; i++) out[off + i] = w[i] * (x[off + i] * r);
            }
        });
    }

    /** out = x·inv·w per row with the inverse RMS from the forward pass (recomputes a norm's output). */
    static void rmsNormApply(Parallel par, float[] x, float[] inv, float[] w, float[] out, int rows, int d) {
        par.forChunks(rows, (c, from, to) -> {
            for (int t = from; t < to; t++) {
                int off = t * d;
                float r = inv[t];
                for (int i = 0; i < d; i++) out[off + i] = w[i] * (x[off + i] * r);
            }
        });
    }

    /**
     * Backward of {@link #rmsNorm}: dx += r·(w∘dy) − x·r³·⟨w∘dy, x⟩/d, dw += Σ_t dy∘x·r.
     * {@code dx} is accumulated into (it already holds the residual gradient).
     */
    static void rmsNormBackward(Parallel par, float[] x, float[] inv, float[] w, float[] dy,
                                float[] dx, float[] dw, int rows, int d) {
        int chunks = par.chunkCount(rows);
        float[][] partial = new float[chunks][d];
        par.forChunks(rows, (c, from, to) -> {
            float[] dwc = partial[c];
            for (int t = from; t < to; t++) {
                int off = t * d;
                float r = inv[t];
                float dot = 0;
                for (int i = 0; i < d; i++) {
                    float gy = dy[off + i];
                    dot += w[i] * gy * x[off + i];
                    dwc[i] += gy * x[off + i] * r;
                }
                float k = dot * r * r * r / d;
                for (int i = 0; i < d; i++) dx[off + i] += r * w[i] * dy[off + i] - k * x[off + i];
            }
        });
        for (float[] p : partial) VectorMath.add(p, 0, dw, 0, d);
    }

    /** y[t, :] += b for every row. */
    static void addBias(Parallel par, float[] y, float[] b, int rows, int n) {
        if (b == null) return;
        par.forChunks(rows, n, (c, from, to) -> {
            for (int t = from; t < to; t++) VectorMath.add(b, 0, y, t * n, n);
        });
    }

    /** db += Σ_t dy[t, :]. */
    static void biasGrad(Parallel par, float[] dy, float[] db, int rows, int n) {
        if (db == null) return;
        int chunks = par.chunkCount(rows);
        float[][] partial = new float[chunks][n];
        par.forChunks(rows, (c, from, to) -> {
            for (int t = from; t < to; t++) VectorMath.add(dy, t * n, partial[c], 0, n);
        });
        for (float[] p : partial) VectorMath.add(p, 0, db, 0, n);
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** a = silu(g) ∘ u. */
    static void swiglu(Parallel par, float[] g, float[] u, float[] a, int rows, int n) {
        par.forChunks(rows, n * 4, (c, from, to) -> {
            int i = from * n, end = to * n;
            for (int bound = i + S.loopBound(end - i); i < bound; i += S.length()) {
                FloatVector x = FloatVector.fromArray(S, g, i);
                FloatVector sig = FloatVector.broadcast(S, 1f).div(LaneMath.exp(x.neg()).add(1f));
                x.mul(sig).mul(FloatVector.fromArray(S, u, i)).intoArray(a, i);
            }
            for (; i < end; i++) {
                float x = g[i];
                a[i] = x / (1f + (float) Math.exp(-x)) * u[i];
            }
        });
    }

    /** From da: du = da∘silu(g), dg = da∘u∘silu'(g); written over {@code da} (→ du) and {@code dg}. */
    static void swigluBackward(Parallel par, float[] g, float[] u, float[] da, float[] dg, int rows, int n) {
        par.forChunks(rows, (c, from, to) -> {
            int i = from * n, end = to * n;
            for (int bound = i + S.loopBound(end - i); i < bound; i += S.length()) {
                FloatVector x = FloatVector.fromArray(S, g, i);
                FloatVector sig = FloatVector.broadcast(S, 1f).div(LaneMath.exp(x.neg()).add(1f));
                FloatVector gradA = FloatVector.fromArray(S, da, i);
                FloatVector dsilu = sig.mul(x.mul(sig.neg().add(1f)).add(1f));
                gradA.mul(FloatVector.fromArray(S, u, i)).mul(dsilu).intoArray(dg, i);
                gradA.mul(x.mul(sig)).intoArray(da, i);
            }
            for (; i < end; i++) {
                float x = g[i];
                float sig = 1f / (1f + (float) Math.exp(-x));
                float gradA = da[i];
                dg[i] = gradA * u[i] * (sig * (1f + x * (1f - sig)));
                da[i] = gradA * x * sig;
            }
        });
    }
}
