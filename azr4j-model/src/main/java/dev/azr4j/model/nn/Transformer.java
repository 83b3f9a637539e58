package dev.azr4j.model.nn;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only transformer of the Qwen2/Llama family: forward over packed batches of
 * variable-length sequences (for training, keeping activations; for inference, through
 * {@link KvCache}s), the hand-written backward pass, and the LM head. Linear layers go through the
 * {@link Backend}; attention and the elementwise layers run in parallel over rows, sequences and heads.
 */
public final class Transformer {
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Backend backend;
    private final Parallel par;
    private final RopeTable rope;
    private MatmulAttention longAttention;
    /** Per-thread instances for attention run in parallel over (sequence, kv head) with single-threaded products. */
    private ThreadLocal<MatmulAttention> taskAttention;

    public Transformer(ModelWeights weights, Backend backend) {
        this.config = weights.config();
        this.weights = weights;
        this.backend = backend;
        this.par = new Parallel(backend);
        this.rope = new RopeTable(config.headDim(), config.ropeTheta());
        setAttentionQueryBlock(MatmulAttention.QUERY_BLOCK);
    }

    /** Tests: a smaller query block exercises the multi-block path of the matmul attention. */
    void setAttentionQueryBlock(int rows) {
        longAttention = new MatmulAttention(backend, par, rows);
        taskAttention = ThreadLocal.withInitial(() -> new MatmulAttention(backend, par, rows));
    }

    /**
     * Whether long blocks run one task per (sequence, kv head), each task's products on its own
     * thread: when there are at least as many such tasks as threads, this beats parallelising
     * each small product (no hand-off per product, better per-thread cache use). Otherwise each
     * product is parallelised on its own, one kv group at a time.
     */
    private boolean longAttentionPerTask(Batch b) {
        int longSegments = 0;
        for (int s = 0; s < b.segments(); s++) if (isLong(b, s)) longSegments++;
        return longSegments * config.numKvHeads() >= par.threads();
    }

    private static boolean isLong(Batch b, int s) {
        return b.length[s] >= MatmulAttention.MIN_QUERIES;
    }

    /**
     * Loads a HuggingFace model directory: {@code config.json} and {@code model.safetensors} or
     * shards listed in {@code model.safetensors.index.json} (fp32, bf16 or fp16). See {@link ModelCheckpoint}.
     */
    public static Transformer load(Path dir, Backend backend) throws CheckpointException {
        return ModelCheckpoint.load(dir, backend);
    }

    /** A new model with HuggingFace-style seeded random initialisation (std 0.02). */
    public static Transformer random(ModelConfig config, long seed, Backend backend) {
        return new Transformer(ModelWeights.random(config, seed, 0.02), backend);
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    public Backend backend() {
        return backend;
    }

    /** The pool the model computes with (for callers that parallelise per-row work). */
    public Parallel parallel() {
        return par;
    }

    // ---------------------------------------------------------------- forward

    private void embed(int[] tokens, float[] x) {
        int d = config.hiddenSize(), vocab = config.vocabSize();
        for (int t = 0; t < tokens.length; t++) {
            int id = tokens[t];
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocab + ")");
            }
            System.arraycopy(weights.embed, id * d, x, t * d, d);
        }
    }

    private void linear(float[] in, float[] w, float[] bias, float[] out, int rows, int outDim, int inDim) {
        backend.matmulTransB(in, 0, w, 0, out, 0, rows, outDim, inDim, false);
        Kernels.addBias(par, out, bias, rows, outDim);
    }

    /** One decoder layer; {@code xOut} may be {@code xIn} (inference overwrites the residual stream). */
    private void layerForward(int l, Batch b, float[] xIn, float[] xOut, LayerActivations a, KvCache[] caches) {
        LayerWeights w = weights.layers[l];
        int T = b.rows, d = config.hiddenSize(), qd = config.qDim(), kvd = config.kvDim();
        int ff = config.intermediateSize(), H = config.numHeads(), KV = config.numKvHeads(), hd = config.headDim();
        float eps = (float) config.rmsNormEps();
        a.xIn = xIn;
        Kernels.rmsNorm(par, xIn, w.inputNorm, eps, a.h1, a.inv1, T, d);
        linear(a.h1, w.q, w.qBias, a.q, T, qd, d);
        linear(a.h1, w.k, w.kBias, a.k, T, kvd, d);
        linear(a.h1, w.v, w.vBias, a.v, T, kvd, d);
        par.forChunks(T, qd + kvd, (c, from, to) -> {
            for (int t = from; t < to; t++) {
                int pos = b.positions[t];
                for (int h = 0; h < H; h++) rope.apply(a.q, t * qd + h * hd, pos);
                for (int g = 0; g < KV; g++) rope.apply(a.k, t * kvd + g * hd, pos);
            }
        });
        if (caches != null) {
            for (int s = 0; s < b.segments(); s++) caches[s].store(l, a.k, a.v, b.start[s], b.length[s], b.past[s]);
        }
        float scale = (float) (1.0 / Math.sqrt(hd));
        int group = H / KV;
        // short blocks (decoding): row loops in parallel over (sequence, kv head); long blocks
        // (training, prefill) as matrix products, in the same loop when there are enough tasks
        boolean longPerTask = longAttentionPerTask(b);
        par.forEach(b.segments() * KV, task -> {
            int s = task / KV, g = task % KV;
            if (isLong(b, s)) {
                if (longPerTask) {
                    MatmulAttention ma = taskAttention.get();
                    if (caches == null) ma.loadFromRows(a.k, a.v, b.prefixRow(s), b.past[s], b.start[s], b.length[s], kvd, g, hd);
                    else ma.loadFromCache(caches[s], l, g, hd, b.past[s] + b.length[s]);
                    ma.forward(a.q, b.start[s], qd, g * group, group, b.length[s], b.past[s], hd, scale, a.att, a.lse, H);
                }
                return;
            }
            Attention.Block blk = new Attention.Block(b.start[s], qd, b.start[s], b.prefixRow(s), kvd, g, g * group, group,
                    b.length[s], b.past[s], hd, scale);
            if (caches == null) {
                Attention.forward(blk, a.q, a.k, a.v, a.att, a.lse, H);
            } else {
                KvCache kc = caches[s];
                Attention.forwardTransposed(blk, a.q, kc.keys[l], kc.values[l], g * hd * kc.capacity(), kc.capacity(),
                        a.att, a.lse, H);
            }
        });
        // otherwise long blocks: each matrix product on the backend's threads, one kv group at a time
        for (int s = 0; s < b.segments() && !longPerTask; s++) {
            if (!isLong(b, s)) continue;
            for (int g = 0; g < KV; g++) {
                if (caches == null) {
                    longAttention.loadFromRows(a.k, a.v, b.prefixRow(s), b.past[s], b.start[s], b.length[s], kvd, g, hd);
                }
                else longAttention.loadFromCache(caches[s], l, g, hd, b.past[s] + b.length[s]);
                longAttention.forward(a.q, b.start[s], qd, g * group, group, b.length[s], b.past[s], hd, scale, a.att, a.lse, H);
            }
        }
        linear(a.att, w.o, w.oBias, a.x2, T, d, qd);
        VectorMath.add(xIn, 0, a.x2, 0, T * d);
        Kernels.rmsNorm(par, a.x2, w.postNorm, eps, a.h2, a.inv2, T, d);
        backend.matmulTransB(a.h2, 0, w.gate, 0, a.g, 0, T, ff, d, false);
        backend.matmulTransB(a.h2, 0, w.up, 0, a.u, 0, T, ff, d, false);
        Kernels.swiglu(par, a.g, a.u, a.a, T, ff);
        backend.matmulTransB(a.a, 0, w.down, 0, xOut, 0, T, d, ff, false);
        VectorMath.add(a.x2, 0, xOut, 0, T * d);
    }

    /**
     * Inference forward of new tokens through KV caches: {@code tokens} holds the new tokens of
     * every sequence one after another ({@code counts[s]} of them for sequence s, appended after
     * what {@code caches[s]} already holds). Returns the final-norm hidden states [rows, hidden];
     * the caches are advanced.
     */
    public float[] forward(int[] tokens, int[] counts, KvCache[] caches) {
        if (counts.length != caches.length) throw new IllegalArgumentException("one cache per sequence expected");
        int[] past = new int[caches.length];
        for (int s = 0; s < caches.length; s++) {
            past[s] = caches[s].length();
            caches[s].ensureCapacity(past[s] + counts[s]);
        }
        Batch b = new Batch(tokens, counts, past);
        rope.ensure(b.maxPosition());
        int d = config.hiddenSize();
        float[] x = new float[b.rows * d];
        embed(tokens, x);
        LayerActivations a = new LayerActivations(config, b.rows);
        for (int l = 0; l < config.numLayers(); l++) layerForward(l, b, x, x, a, caches);
        float[] out = new float[b.rows * d];
        Kernels.rmsNorm(par, x, weights.finalNorm, (float) config.rmsNormEps(), out, new float[b.rows], b.rows, d);
        for (int s = 0; s < caches.length; s++) caches[s].advance(counts[s]);
        return out;
    }

    private TrainingWorkspace workspace;
    private boolean activationCheckpointing;

    /**
     * Activation checkpointing: keep only each layer's input during the training forward and
     * recompute the layer in the backward pass (about one more forward of compute for a fraction
     * of the memory; what makes long sequences of large models fit).
     */
    public void setActivationCheckpointing(boolean on) {
        activationCheckpointing = on;
    }

    public boolean activationCheckpointing() {
        return activationCheckpointing;
    }

    /**
     * Training forward of whole sequences, keeping what {@link TrainingPass#backward} needs. The
     * arrays are reused by the next call, so a pass must be backpropagated (or dropped) before
     * the next forwardTraining on this model.
     */
    public TrainingPass forwardTraining(List<int[]> sequences) {
        return forwardTraining(sequences, null);
    }

    /**
     * As {@link #forwardTraining(List)}, computing a prefix shared by several sequences once:
     * sequence s may share its first {@code prefixLengths[s]} tokens (null: no sharing) with the
     * other sequences that begin with the same tokens, the same number of them (e.g. the prompt
     * of N rollouts). Their suffixes attend to the one copy of the prefix's keys and values, and
     * the backward pass sums the gradients all of them send into it, so the hidden states and
     * the gradients are those of the sequences run one by one (up to float rounding).
     */
    public TrainingPass forwardTraining(List<int[]> sequences, int[] prefixLengths) {
        PrefixPacking packing = PrefixPacking.of(sequences, prefixLengths);
        Batch b = packing.batch;
        rope.ensure(b.maxPosition());
        int d = config.hiddenSize(), L = config.numLayers();
        TrainingWorkspace ws = workspace;
        if (ws == null || ws.capacity < b.rows || ws.checkpointing != activationCheckpointing) {
            workspace = null; // let the old one go before allocating the new one
            ws = workspace = new TrainingWorkspace(config, b.rows, activationCheckpointing);
        }
        ws.generation++;
        embed(b.tokens, ws.xs[0]);
        for (int l = 0; l < L; l++) layerForward(l, b, ws.xs[l], ws.xs[l + 1], ws.layers[l], null);
        Kernels.rmsNorm(par, ws.xs[L], weights.finalNorm, (float) config.rmsNormEps(), ws.hidden, ws.invFinal, b.rows, d);
        return new TrainingPass(this, packing, ws, ws.generation);
    }

    /** Frees the arrays kept between training steps (e.g. before a long sampling phase). */
    public void releaseTrainingMemory() {
        workspace = null;
    }

    /** logits[r, :] = hidden[rowFrom + r, :] · lm_headᵀ for r < rows; {@code out} holds rows × vocab. */
    public void logits(float[] hidden, int rowFrom, int rows, float[] out) {
        int d = config.hiddenSize();
        backend.matmulTransB(hidden, rowFrom * d, weights.lmHead, 0, out, 0, rows, config.vocabSize(), d, false);
    }

    // ---------------------------------------------------------------- backward

    /** Backpropagates dL/d(final hidden) through the whole network, accumulating into {@code grads}. */
    void backward(TrainingPass pass, float[] dHidden, ModelWeights grads) {
        Batch b = pass.batch;
        TrainingWorkspace ws = pass.workspace;
        if (ws != workspace || ws.generation != pass.generation) {
            throw new IllegalStateException("a later forwardTraining on this model reused this pass's activations");
        }
        int T = b.rows, d = config.hiddenSize(), qd = config.qDim(), kvd = config.kvDim();
        int ff = config.intermediateSize(), H = config.numHeads(), KV = config.numKvHeads(), hd = config.headDim();
        int group = H / KV, L = config.numLayers();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] dx = ws.dx, dh = ws.dh, da = ws.da, dg = ws.dg, datt = ws.datt, dq = ws.dq, dk = ws.dk, dv = ws.dv;
        ws.ensurePastRows(b.pastRows, kvd);
        float[] dkPast = ws.dkPast, dvPast = ws.dvPast;
        java.util.Arrays.fill(dx, 0, T * d, 0f);
        Kernels.rmsNormBackward(par, ws.xs[L], ws.invFinal, weights.finalNorm, dHidden, dx, grads.finalNorm, T, d);
        for (int l = L - 1; l >= 0; l--) {
            LayerActivations a = ws.layers[l];
            LayerWeights w = weights.layers[l];
            LayerWeights gw = grads.layers[l];
            if (ws.checkpointing && l < L - 1) {
                // recompute this layer's activations; its output goes to dh, which is free here
                layerForward(l, b, ws.xs[l], dh, a, null);
            }
            // MLP: x3 = x2 + down(silu(gate(h2)) ∘ up(h2)); h2 and the product are recomputed
            Kernels.swiglu(par, a.g, a.u, ws.a, T, ff);
            backend.matmul(dx, 0, w.down, 0, da, 0, T, ff, d, false);
            backend.matmulTransA(dx, 0, ws.a, 0, gw.down, 0, d, ff, T, true);
            Kernels.swigluBackward(par, a.g, a.u, da, dg, T, ff);
            backend.matmul(dg, 0, w.gate, 0, dh, 0, T, d, ff, false);
            backend.matmul(da, 0, w.up, 0, dh, 0, T, d, ff, true);
            Kernels.rmsNormApply(par, a.x2, a.inv2, w.postNorm, ws.h, T, d);
            backend.matmulTransA(dg, 0, ws.h, 0, gw.gate, 0, ff, d, T, true);
            backend.matmulTransA(da, 0, ws.h, 0, gw.up, 0, ff, d, T, true);
            Kernels.rmsNormBackward(par, a.x2, a.inv2, w.postNorm, dh, dx, gw.postNorm, T, d);
            // attention: x2 = xIn + o(att)
            backend.matmul(dx, 0, w.o, 0, datt, 0, T, qd, d, false);
            backend.matmulTransA(dx, 0, a.att, 0, gw.o, 0, d, qd, T, true);
            Kernels.biasGrad(par, dx, gw.oBias, T, d);
            java.util.Arrays.fill(dq, 0, T * qd, 0f);
            java.util.Arrays.fill(dk, 0, T * kvd, 0f);
            java.util.Arrays.fill(dv, 0, T * kvd, 0f);
            // what suffixes send into their shared prefix's keys/values: one scratch slice per
            // suffix, so that parallel tasks never add into the same rows; summed below
            java.util.Arrays.fill(dkPast, 0, b.pastRows * kvd, 0f);
            java.util.Arrays.fill(dvPast, 0, b.pastRows * kvd, 0f);
            boolean longPerTask = longAttentionPerTask(b);
            par.forEach(b.segments() * KV, task -> {
                int s = task / KV, g = task % KV;
                if (isLong(b, s)) {
                    if (longPerTask) longAttentionBackward(taskAttention.get(), a, b, s, g, datt, dq, dk, dv, dkPast, dvPast);
                    return;
                }
                Attention.backward(new Attention.Block(b.start[s], qd, b.start[s], b.prefixRow(s), kvd, g, g * group, group,
                        b.length[s], b.past[s], hd, scale), a.q, a.k, a.v, a.att, datt, a.lse, H, dq, dk, dv,
                        dkPast, dvPast, b.pastScratch[s]);
            });
            for (int s = 0; s < b.segments() && !longPerTask; s++) {
                if (!isLong(b, s)) continue;
                for (int g = 0; g < KV; g++) longAttentionBackward(longAttention, a, b, s, g, datt, dq, dk, dv, dkPast, dvPast);
            }
            for (int s = 0; s < b.segments(); s++) {
                if (!b.hasPrefix(s)) continue;
                VectorMath.add(dkPast, b.pastScratch[s] * kvd, dk, b.prefixRow(s) * kvd, b.past[s] * kvd);
                VectorMath.add(dvPast, b.pastScratch[s] * kvd, dv, b.prefixRow(s) * kvd, b.past[s] * kvd);
            }
            par.forChunks(T, (c, from, to) -> {
                for (int t = from; t < to; t++) {
                    int pos = b.positions[t];
                    for (int h = 0; h < H; h++) rope.applyTranspose(dq, t * qd + h * hd, pos);
                    for (int g = 0; g < KV; g++) rope.applyTranspose(dk, t * kvd + g * hd, pos);
                }
            });
            backend.matmul(dq, 0, w.q, 0, dh, 0, T, d, qd, false);
            backend.matmul(dk, 0, w.k, 0, dh, 0, T, d, kvd, true);
            backend.matmul(dv, 0, w.v, 0, dh, 0, T, d, kvd, true);
            Kernels.rmsNormApply(par, ws.xs[l], a.inv1, w.inputNorm, ws.h, T, d);
            backend.matmulTransA(dq, 0, ws.h, 0, gw.q, 0, qd, d, T, true);
            backend.matmulTransA(dk, 0, ws.h, 0, gw.k, 0, kvd, d, T, true);
            backend.matmulTransA(dv, 0, ws.h, 0, gw.v, 0, kvd, d, T, true);
            Kernels.biasGrad(par, dq, gw.qBias, T, qd);
            Kernels.biasGrad(par, dk, gw.kBias, T, kvd);
            Kernels.biasGrad(par, dv, gw.vBias, T, kvd);
            Kernels.rmsNormBackward(par, ws.xs[l], a.inv1, w.inputNorm, dh, dx, gw.inputNorm, T, d);
        }
        for (int t = 0; t < T; t++) VectorMath.add(dx, t * d, grads.embed, b.tokens[t] * d, d);
    }

    /**
     * Backward of the long-block attention of segment s, kv head g (its query heads' dq columns, its
     * dk/dv columns; those of its shared prefix's keys into its slice of dkPast/dvPast).
     */
    private void longAttentionBackward(MatmulAttention ma, LayerActivations a, Batch b, int s, int g,
                                       float[] datt, float[] dq, float[] dk, float[] dv, float[] dkPast, float[] dvPast) {
        int qd = config.qDim(), kvd = config.kvDim(), H = config.numHeads(), hd = config.headDim();
        int group = H / config.numKvHeads();
        float scale = (float) (1.0 / Math.sqrt(hd));
        int past = b.past[s];
        ma.loadFromRows(a.k, a.v, b.prefixRow(s), past, b.start[s], b.length[s], kvd, g, hd);
        ma.beginBackward(past + b.length[s], hd);
        ma.backward(a.q, a.att, datt, a.lse, b.start[s], qd, g * group, group, b.length[s], past, hd, scale, H, dq);
        ma.endBackward(b.start[s], b.length[s], past, b.pastScratch[s], kvd, g, hd, dk, dv, dkPast, dvPast);
    }

    /** dL/d(lm_head) += dLogitsᵀ·hidden rows and dHidden rows = dLogits·lm_head, for a block of rows. */
    public void logitsBackward(float[] hidden, int rowFrom, int rows, float[] dLogits, float[] dHidden,
                               ModelWeights grads) {
        int d = config.hiddenSize(), vocab = config.vocabSize();
        backend.matmul(dLogits, 0, weights.lmHead, 0, dHidden, rowFrom * d, rows, d, vocab, false);
        backend.matmulTransA(dLogits, 0, hidden, rowFrom * d, grads.lmHead, 0, vocab, d, rows, true);
    }

    /** Sequences of at most {@code maxTokens} tokens in total each, in order (for memory-bounded passes). */
    static List<List<int[]>> groups(List<int[]> sequences, int maxTokens) {
        List<List<int[]>> out = new ArrayList<>();
        List<int[]> cur = new ArrayList<>();
        int n = 0;
        for (int[] s : sequences) {
            if (!cur.isEmpty() && n + s.length > maxTokens) {
                out.add(cur);
                cur = new ArrayList<>();
                n = 0;
            }
            cur.add(s);
            n += s.length;
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }
}
