package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;

/**
 * The arrays of one training forward/backward, sized for {@link #capacity} packed tokens and
 * reused from step to step so that a training loop does not allocate (and the heap does not
 * churn through) hundreds of megabytes per step.
 */
final class TrainingWorkspace {
    final int capacity;
    final float[][] xs;                  // residual stream before each layer, and after the last
    final LayerActivations[] layers;
    final float[] hidden, invFinal;
    final float[] dx, dh, da, dg, datt, dq, dk, dv; // backward buffers
    final float[] h, a;                  // recomputed norm output / SwiGLU product
    long generation;                     // bumped by every forward that reuses this workspace
    float[] dkPast = new float[0], dvPast = new float[0]; // suffixes' gradients w.r.t. shared-prefix keys/values

    final boolean checkpointing;

    /**
     * With {@code checkpointing} only the residual stream is kept per layer and one set of layer
     * activations is shared: the backward pass recomputes each layer's forward first.
     */
    TrainingWorkspace(ModelConfig c, int capacity, boolean checkpointing) {
        this.capacity = capacity;
        this.checkpointing = checkpointing;
        int d = c.hiddenSize(), ff = c.intermediateSize(), L = c.numLayers();
        xs = new float[L + 1][capacity * d];
        h = new float[capacity * d];
        a = new float[capacity * ff];
        layers = new LayerActivations[L];
        // both norm outputs of every layer share one scratch array: each is consumed before the next is made
        for (int l = 0; l < L; l++) {
            layers[l] = checkpointing && l > 0 ? layers[0] : new LayerActivations(c, capacity, h, h, a);
        }
        hidden = new float[capacity * d];
        invFinal = new float[capacity];
        dx = new float[capacity * d];
        dh = new float[capacity * d];
        da = new float[capacity * ff];
        dg = new float[capacity * ff];
        datt = new float[capacity * c.qDim()];
        dq = new float[capacity * c.qDim()];
        dk = new float[capacity * c.kvDim()];
        dv = new float[capacity * c.kvDim()];
    }

    /** Makes {@link #dkPast}/{@link #dvPast} hold at least {@code rows} rows of width kvDim. */
    void ensurePastRows(int rows, int kvDim) {
        if (dkPast.length < rows * kvDim) {
            dkPast = new float[rows * kvDim];
            dvPast = new float[rows * kvDim];
        }
    }
}
