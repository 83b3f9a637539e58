package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;

/** What one decoder layer computes on a batch; kept for the backward pass during training. */
final class LayerActivations {
    float[] xIn;          // layer input (residual stream), [T, d]
    final float[] inv1;   // 1/rms of xIn per row
    final float[] h1;     // input_layernorm output
    final float[] q, k, v; // projections, q and k after RoPE
    final float[] att;    // attention output before o_proj, [T, qDim]
    final float[] lse;    // log-sum-exp per (row, head), null at inference
    final float[] x2;     // residual after attention
    final float[] inv2;
    final float[] h2;     // post_attention_layernorm output
    final float[] g, u, a; // gate, up, silu(gate)∘up

    LayerActivations(ModelConfig c, int rows, boolean training) {
        int d = c.hiddenSize(), ff = c.intermediateSize();
        inv1 = new float[rows];
        h1 = new float[rows * d];
        q = new float[rows * c.qDim()];
        k = new float[rows * c.kvDim()];
        v = new float[rows * c.kvDim()];
        att = new float[rows * c.qDim()];
        lse = training ? new float[rows * c.numHeads()] : null;
        x2 = new float[rows * d];
        inv2 = new float[rows];
        h2 = new float[rows * d];
        g = new float[rows * ff];
        u = new float[rows * ff];
        a = training ? new float[rows * ff] : g; // at inference silu(g)∘u overwrites g
    }
}
