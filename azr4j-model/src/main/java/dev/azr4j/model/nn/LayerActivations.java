package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;

/**
 * What one decoder layer computes on a batch. In training, the arrays marked "kept" survive until
 * the backward pass; the norm outputs and the SwiGLU product are cheap to recompute, so they live
 * in scratch arrays shared by all layers (see {@link TrainingWorkspace}).
 */
final class LayerActivations {
    float[] xIn;          // layer input (residual stream), [T, d] (kept: the previous layer's output)
    final float[] inv1;   // kept: 1/rms of xIn per row
    final float[] h1;     // input_layernorm output (scratch in training)
    final float[] q, k, v; // kept: projections, q and k after RoPE
    final float[] att;    // kept: attention output before o_proj, [T, qDim]
    final float[] lse;    // kept: log-sum-exp per (row, head); null at inference
    final float[] x2;     // kept: residual after attention
    final float[] inv2;   // kept
    final float[] h2;     // post_attention_layernorm output (scratch in training)
    final float[] g, u;   // kept: gate and up projections
    final float[] a;      // silu(g)∘u (scratch in training; aliases g at inference)

    /** Inference: every array private to this object, reused layer after layer. */
    LayerActivations(ModelConfig c, int rows) {
        this(c, rows, false, new float[rows * c.hiddenSize()], new float[rows * c.hiddenSize()], null);
    }

    /** Training: kept arrays of its own, scratch arrays shared with the other layers. */
    LayerActivations(ModelConfig c, int rows, float[] h1, float[] h2, float[] a) {
        this(c, rows, true, h1, h2, a);
    }

    private LayerActivations(ModelConfig c, int rows, boolean training, float[] h1, float[] h2, float[] a) {
        int d = c.hiddenSize(), ff = c.intermediateSize();
        inv1 = new float[rows];
        this.h1 = h1;
        q = new float[rows * c.qDim()];
        k = new float[rows * c.kvDim()];
        v = new float[rows * c.kvDim()];
        att = new float[rows * c.qDim()];
        lse = training ? new float[rows * c.numHeads()] : null;
        x2 = new float[rows * d];
        inv2 = new float[rows];
        this.h2 = h2;
        g = new float[rows * ff];
        u = new float[rows * ff];
        this.a = training ? a : g; // at inference silu(g)∘u overwrites g
    }
}
