package dev.azr4j.model.nn;

import java.util.Arrays;

/**
 * Rotary position embedding in HuggingFace's rotate_half convention: dimension i is paired with
 * i + headDim/2. Angles are computed as HF does (fp32 inverse frequencies times the position) and
 * tabulated for the positions seen so far.
 */
final class RopeTable {
    private final int half;
    private final float[] invFreq;
    private volatile float[] cos = new float[0];
    private volatile float[] sin = new float[0];

    RopeTable(int headDim, double theta) {
        half = headDim / 2;
        invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            invFreq[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
        }
    }

    /** Makes positions [0, positions) available; call before parallel use. */
    synchronized void ensure(int positions) {
        int have = cos.length / half;
        if (positions <= have) return;
        int cap = Math.max(positions, Math.max(256, have * 2));
        float[] c = Arrays.copyOf(cos, cap * half), s = Arrays.copyOf(sin, cap * half);
        for (int p = have; p < cap; p++) {
            for (int i = 0; i < half; i++) {
                float angle = p * invFreq[i];
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        sin = s;
        cos = c;
    }

    /** Rotates x[off, off+headDim) for position pos (forward). */
    void apply(float[] x, int off, int pos) {
        float[] c = cos, s = sin;
        int t = pos * half;
        for (int i = 0; i < half; i++) {
            float a = x[off + i], b = x[off + i + half];
            float ci = c[t + i], si = s[t + i];
            x[off + i] = a * ci - b * si;
            x[off + i + half] = b * ci + a * si;
        }
    }

    /** The transpose of {@link #apply}: maps a gradient w.r.t. the rotated vector back to the input. */
    void applyTranspose(float[] g, int off, int pos) {
        float[] c = cos, s = sin;
        int t = pos * half;
        for (int i = 0; i < half; i++) {
            float a = g[off + i], b = g[off + i + half];
            float ci = c[t + i], si = s[t + i];
            g[off + i] = a * ci + b * si;
            g[off + i + half] = b * ci - a * si;
        }
    }
}
