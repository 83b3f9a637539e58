package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;

/**
 * One decoder layer's parameters, row-major, linear weights stored [out, in] as in PyTorch.
 * Bias arrays are null when the architecture has none.
 */
public final class LayerWeights {
    public final float[] inputNorm;
    public final float[] q, qBias, k, kBias, v, vBias, o, oBias;
    public final float[] postNorm;
    public final float[] gate, up, down;

    LayerWeights(ModelConfig c) {
        int d = c.hiddenSize(), ff = c.intermediateSize();
        inputNorm = new float[d];
        q = new float[c.qDim() * d];
        k = new float[c.kvDim() * d];
        v = new float[c.kvDim() * d];
        o = new float[d * c.qDim()];
        qBias = c.qkvBias() ? new float[c.qDim()] : null;
        kBias = c.qkvBias() ? new float[c.kvDim()] : null;
        vBias = c.qkvBias() ? new float[c.kvDim()] : null;
        oBias = c.outputBias() ? new float[d] : null;
        postNorm = new float[d];
        gate = new float[ff * d];
        up = new float[ff * d];
        down = new float[d * ff];
    }
}
