package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.NamedTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * All parameters of a model (or a gradient of the same shape) as fp32 arrays, addressable by their
 * HuggingFace names. With tied embeddings {@link #lmHead} is the same array as {@link #embed}, so a
 * gradient written through either lands in one place.
 */
public final class ModelWeights {
    private final ModelConfig config;
    public final float[] embed;
    public final LayerWeights[] layers;
    public final float[] finalNorm;
    public final float[] lmHead;

    private ModelWeights(ModelConfig c) {
        this.config = c;
        embed = new float[c.vocabSize() * c.hiddenSize()];
        layers = new LayerWeights[c.numLayers()];
        for (int i = 0; i < layers.length; i++) layers[i] = new LayerWeights(c);
        finalNorm = new float[c.hiddenSize()];
        lmHead = c.tieWordEmbeddings() ? embed : new float[c.vocabSize() * c.hiddenSize()];
    }

    public ModelConfig config() {
        return config;
    }

    /** All-zero parameters (the starting point of a gradient accumulator). */
    public static ModelWeights zeros(ModelConfig c) {
        return new ModelWeights(c);
    }

    /**
     * HuggingFace's initialisation, seeded: linear and embedding weights ~ N(0, std), biases 0,
     * norm weights 1. Same config and seed ⇒ identical weights.
     */
    public static ModelWeights random(ModelConfig c, long seed, double std) {
        ModelWeights w = new ModelWeights(c);
        SplittableRandom rng = new SplittableRandom(seed);
        for (NamedTensor t : w.tensors()) {
            float[] a = t.data();
            if (t.name().endsWith("norm.weight")) Arrays.fill(a, 1f);
            else if (!t.name().endsWith(".bias")) {
                for (int i = 0; i < a.length; i++) a[i] = (float) (gaussian(rng) * std);
            }
        }
        return w;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian that is stable across JDKs.
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Builds weights from checkpoint tensors under HuggingFace names. Every expected tensor must be
     * present with the expected shape; an unknown name is refused (it would be silently ignored
     * otherwise), except a redundant {@code lm_head.weight} next to tied embeddings.
     */
    public static ModelWeights fromTensors(ModelConfig c, Map<String, NamedTensor> tensors, String source)
            throws CheckpointException {
        ModelWeights w = new ModelWeights(c);
        Map<String, NamedTensor> left = new LinkedHashMap<>(tensors);
        List<String> missing = new ArrayList<>();
        for (NamedTensor expected : w.tensors()) {
            NamedTensor t = left.remove(expected.name());
            if (t == null) {
                missing.add(expected.name());
                continue;
            }
            if (!Arrays.equals(t.shape(), expected.shape())) {
                throw new CheckpointException(source + ": tensor " + expected.name() + " has shape "
                        + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(expected.shape()));
            }
            System.arraycopy(t.data(), 0, expected.data(), 0, t.numel());
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(source + ": missing tensors " + missing);
        }
        if (c.tieWordEmbeddings()) left.remove("lm_head.weight");
        left.keySet().removeIf(n -> n.endsWith("rotary_emb.inv_freq"));
        if (!left.isEmpty()) {
            throw new CheckpointException(source + ": unexpected tensors " + new TreeSet<>(left.keySet())
                    + " (not part of a " + c.architecture() + " with this config)");
        }
        return w;
    }

    /**
     * Views of every parameter under its HuggingFace name, in a fixed order (the data arrays are
     * shared, not copied). {@code lm_head.weight} is omitted when tied.
     */
    public List<NamedTensor> tensors() {
        ModelConfig c = config;
        int d = c.hiddenSize(), ff = c.intermediateSize();
        List<NamedTensor> out = new ArrayList<>();
        out.add(new NamedTensor("model.embed_tokens.weight", new int[] {c.vocabSize(), d}, embed));
        for (int i = 0; i < layers.length; i++) {
            LayerWeights l = layers[i];
            String p = "model.layers." + i + ".";
            out.add(new NamedTensor(p + "input_layernorm.weight", new int[] {d}, l.inputNorm));
            out.add(new NamedTensor(p + "self_attn.q_proj.weight", new int[] {c.qDim(), d}, l.q));
            if (l.qBias != null) out.add(new NamedTensor(p + "self_attn.q_proj.bias", new int[] {c.qDim()}, l.qBias));
            out.add(new NamedTensor(p + "self_attn.k_proj.weight", new int[] {c.kvDim(), d}, l.k));
            if (l.kBias != null) out.add(new NamedTensor(p + "self_attn.k_proj.bias", new int[] {c.kvDim()}, l.kBias));
            out.add(new NamedTensor(p + "self_attn.v_proj.weight", new int[] {c.kvDim(), d}, l.v));
            if (l.vBias != null) out.add(new NamedTensor(p + "self_attn.v_proj.bias", new int[] {c.kvDim()}, l.vBias));
            out.add(new NamedTensor(p + "self_attn.o_proj.weight", new int[] {d, c.qDim()}, l.o));
            if (l.oBias != null) out.add(new NamedTensor(p + "self_attn.o_proj.bias", new int[] {d}, l.oBias));
            out.add(new NamedTensor(p + "post_attention_layernorm.weight", new int[] {d}, l.postNorm));
            out.add(new NamedTensor(p + "mlp.gate_proj.weight", new int[] {ff, d}, l.gate));
            out.add(new NamedTensor(p + "mlp.up_proj.weight", new int[] {ff, d}, l.up));
            out.add(new NamedTensor(p + "mlp.down_proj.weight", new int[] {d, ff}, l.down));
        }
        out.add(new NamedTensor("model.norm.weight", new int[] {d}, finalNorm));
        if (!c.tieWordEmbeddings()) out.add(new NamedTensor("lm_head.weight", new int[] {c.vocabSize(), d}, lmHead));
        return out;
    }

    /** Sets every value to zero (used to reset a gradient accumulator). */
    public void zero() {
        for (NamedTensor t : tensors()) Arrays.fill(t.data(), 0f);
    }

    /** A deep copy. */
    public ModelWeights copy() {
        ModelWeights w = new ModelWeights(config);
        List<NamedTensor> src = tensors(), dst = w.tensors();
        for (int i = 0; i < src.size(); i++) {
            System.arraycopy(src.get(i).data(), 0, dst.get(i).data(), 0, src.get(i).numel());
        }
        return w;
    }
}
