package dev.azr4j.model.nn;

import dev.azr4j.model.backend.LaneMath;
import dev.azr4j.model.backend.Backend;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal attention for long query blocks (training, prefill) as dense matrix products through the
 * {@link Backend}: per kv head and block of up to {@value #QUERY_BLOCK} queries (by default), with the
 * queries of the heads that share the kv head stacked into one matrix, S = Q·Kᵀ over the keys
 * the block can see, a masked row softmax, O = P·V; the backward pass recomputes P from the saved
 * log-sum-exp and forms dP = dO·Vᵀ, dS = P∘(dP − rowsum(dO∘O))·scale, dQ = dS·K, dK += dSᵀ·Q,
 * dV += Pᵀ·dO. Scratch arrays live here and are reused. Not thread-safe: the transformer keeps one
 * per thread and runs (sequence, kv head) tasks in parallel, each task's products on its own thread
 * (or, with fewer tasks than threads, one instance whose products use all threads). Query blocks
 * of 128 skip the masked upper-right quarter of a 256-token sequence's score matrix.
 */
final class MatmulAttention {
    static final int QUERY_BLOCK = 128;
    /** Segments shorter than this use {@link Attention} (row loops, parallel over heads) instead. */
    static final int MIN_QUERIES = 16;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final Backend backend;
    private final Parallel par;
    private float[] kc = new float[0], vc = new float[0], qh = new float[0], oh = new float[0];
    private float[] sc = new float[0], dp = new float[0], doh = new float[0], dqh = new float[0];
    private float[] dkc = new float[0], dvc = new float[0], rowD = new float[0];

    private final int queryBlock;

    MatmulAttention(Backend backend, Parallel par, int queryBlock) {
        this.backend = backend;
        this.par = par;
        this.queryBlock = queryBlock;
    }

    private static float[] fit(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    /** Rows [row0, row0+n) of columns [col, col+hd) of a row-major matrix with row width stride → dst [n × hd] from dstOff. */
    private static void gather(float[] src, int row0, int stride, int col, int n, int hd, float[] dst, int dstOff) {
        for (int i = 0; i < n; i++) System.arraycopy(src, (row0 + i) * stride + col, dst, dstOff + i * hd, hd);
    }

    private static void scatter(float[] src, int srcRow0, int n, int hd, float[] dst, int row0, int stride, int col) {
        for (int i = 0; i < n; i++) System.arraycopy(src, (srcRow0 + i) * hd, dst, (row0 + i) * stride + col, hd);
    }

    private static void scatterAdd(float[] src, int srcRow0, int n, int hd, float[] dst, int row0, int stride, int col) {
        for (int i = 0; i < n; i++) VectorMath.add(src, (srcRow0 + i) * hd, dst, (row0 + i) * stride + col, hd);
    }

    /** Loads the keys/values of kv head g of a cache, positions [0, keys), into row layout. */
    void loadFromCache(KvCache c, int layer, int g, int hd, int keys) {
        kc = fit(kc, keys * hd);
        vc = fit(vc, keys * hd);
        int cap = c.capacity();
        float[] kt = c.keys[layer], vt = c.values[layer];
        for (int dd = 0; dd < hd; dd++) {
            int base = (g * hd + dd) * cap;
            for (int j = 0; j < keys; j++) {
                kc[j * hd + dd] = kt[base + j];
                vc[j * hd + dd] = vt[base + j];
            }
        }
    }

    /**
     * Loads keys/values of kv head g from rows of k and v (width kvStride): the {@code past} rows
     * from pastRow0 (a shared prefix), then the n rows from row0.
     */
    void loadFromRows(float[] k, float[] v, int pastRow0, int past, int row0, int n, int kvStride, int g, int hd) {
        kc = fit(kc, (past + n) * hd);
        vc = fit(vc, (past + n) * hd);
        gather(k, pastRow0, kvStride, g * hd, past, hd, kc, 0);
        gather(v, pastRow0, kvStride, g * hd, past, hd, vc, 0);
        gather(k, row0, kvStride, g * hd, n, hd, kc, past * hd);
        gather(v, row0, kvStride, g * hd, n, hd, vc, past * hd);
    }

    /** Floats of one score matrix (heads stacked × keys) at most: long prefills stack fewer heads. */
    private static final int SCORE_BUDGET = 1 << 20;

    /** How many heads of a group one product stacks for a block of bi queries over {@code keys} keys. */
    private static int stackedHeads(int heads, int bi, int keys) {
        return Math.max(1, Math.min(heads, SCORE_BUDGET / Math.max(1, bi * keys)));
    }

    /**
     * Gathers rows [i0, i0+bi) of the columns of query heads [h0, h0+heads) of a row-major matrix
     * (row width stride, rows from row0) into dst as [heads × bi × hd]: the heads that share a kv
     * head stacked into one matrix, so each product runs once per group instead of once per head.
     */
    private static void gatherHeads(float[] src, int row0, int stride, int h0, int heads, int i0, int bi, int hd, float[] dst) {
        for (int j = 0; j < heads; j++) gather(src, row0 + i0, stride, (h0 + j) * hd, bi, hd, dst, j * bi * hd);
    }

    /**
     * Forward of query heads [h0, h0+heads) (one kv group) over the loaded keys: queries are rows
     * [qRow0, qRow0+n) of q (width qStride), the first at position past. Writes the heads' columns
     * of out and, when lse is not null, lse[(qRow0+i)·H + h].
     */
    void forward(float[] q, int qRow0, int qStride, int h0, int heads, int n, int past, int hd, float scale,
                 float[] out, float[] lse, int totalHeads) {
        for (int i0 = 0; i0 < n; i0 += queryBlock) {
            int bi = Math.min(queryBlock, n - i0), keys = past + i0 + bi;
            for (int hs = h0, step = stackedHeads(heads, bi, keys); hs < h0 + heads; hs += step) {
                forwardBlock(q, qRow0, qStride, hs, Math.min(step, h0 + heads - hs), i0, bi, keys, past, hd, scale,
                        out, lse, totalHeads);
            }
        }
    }

    /** Query block [i0, i0+bi) of heads [h0, h0+heads), seeing {@code keys} keys. */
    private void forwardBlock(float[] q, int qRow0, int qStride, int h0, int heads, int i0, int bi, int keys, int past,
                              int hd, float scale, float[] out, float[] lse, int totalHeads) {
        int rows = heads * bi;
        qh = fit(qh, rows * hd);
        oh = fit(oh, rows * hd);
        sc = fit(sc, rows * keys);
        gatherHeads(q, qRow0, qStride, h0, heads, i0, bi, hd, qh);
        float[] s = sc;
        backend.matmulTransB(qh, 0, kc, 0, s, 0, rows, keys, hd, false);
        final int first = past + i0, row0 = qRow0 + i0;
        par.forChunks(rows, keys, (c, from, to) -> {
            for (int r = from; r < to; r++) {
                int i = r % bi, valid = first + i + 1, off = r * keys;
                float rowLse = softmaxRow(s, off, valid, scale);
                Arrays.fill(s, off + valid, off + keys, 0f);
                if (lse != null) lse[(row0 + i) * totalHeads + h0 + r / bi] = rowLse;
            }
        });
        backend.matmul(s, 0, vc, 0, oh, 0, rows, hd, keys, false);
        for (int j = 0; j < heads; j++) scatter(oh, j * bi, bi, hd, out, row0, qStride, (h0 + j) * hd);
    }

    /** Starts the backward pass of one kv head: zeroes its key/value gradients. */
    void beginBackward(int keys, int hd) {
        dkc = fit(dkc, keys * hd);
        dvc = fit(dvc, keys * hd);
        Arrays.fill(dkc, 0, keys * hd, 0f);
        Arrays.fill(dvc, 0, keys * hd, 0f);
    }

    /**
     * Backward of query heads [h0, h0+heads) (one kv group) over the loaded keys (training: the
     * first {@code past} of them a shared prefix's); dq accumulates into the heads' columns, and
     * the kv head's key/value gradients into this instance (from {@link #beginBackward} to
     * {@link #endBackward}).
     */
    void backward(float[] q, float[] out, float[] dOut, float[] lse, int qRow0, int qStride, int h0, int heads, int n,
                  int past, int hd, float scale, int totalHeads, float[] dq) {
        for (int i0 = 0; i0 < n; i0 += queryBlock) {
            int bi = Math.min(queryBlock, n - i0), keys = past + i0 + bi;
            for (int hs = h0, step = stackedHeads(heads, bi, keys); hs < h0 + heads; hs += step) {
                backwardBlock(q, out, dOut, lse, qRow0, qStride, hs, Math.min(step, h0 + heads - hs), i0, bi, keys, past,
                        hd, scale, totalHeads, dq);
            }
        }
    }

    /** Query block [i0, i0+bi) of heads [h0, h0+heads), seeing {@code keys} keys. */
    private void backwardBlock(float[] q, float[] out, float[] dOut, float[] lse, int qRow0, int qStride, int h0, int heads,
                               int i0, int bi, int keys, int past, int hd, float scale, int totalHeads, float[] dq) {
        int rows = heads * bi;
        qh = fit(qh, rows * hd);
        oh = fit(oh, rows * hd);
        doh = fit(doh, rows * hd);
        dqh = fit(dqh, rows * hd);
        rowD = fit(rowD, rows);
        sc = fit(sc, rows * keys);
        dp = fit(dp, rows * keys);
        gatherHeads(q, qRow0, qStride, h0, heads, i0, bi, hd, qh);
        gatherHeads(out, qRow0, qStride, h0, heads, i0, bi, hd, oh);
        gatherHeads(dOut, qRow0, qStride, h0, heads, i0, bi, hd, doh);
        for (int r = 0; r < rows; r++) rowD[r] = VectorMath.dot(doh, r * hd, oh, r * hd, hd);
        float[] p = sc, g = dp, d = rowD;
        backend.matmulTransB(qh, 0, kc, 0, p, 0, rows, keys, hd, false);
        backend.matmulTransB(doh, 0, vc, 0, g, 0, rows, keys, hd, false);
        final int first = past + i0, row0 = qRow0 + i0;
        par.forChunks(rows, keys, (c, from, to) -> {
            for (int r = from; r < to; r++) {
                int i = r % bi, valid = first + i + 1, off = r * keys;
                float rowLse = lse[(row0 + i) * totalHeads + h0 + r / bi];
                probsAndScoreGrad(p, g, off, valid, scale, rowLse, d[r]);
                Arrays.fill(p, off + valid, off + keys, 0f);
                Arrays.fill(g, off + valid, off + keys, 0f);
            }
        });
        // dq = dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO (the group's heads summed by the products' depth)
        backend.matmul(g, 0, kc, 0, dqh, 0, rows, hd, keys, false);
        backend.matmulTransA(g, 0, qh, 0, dkc, 0, keys, hd, rows, true);
        backend.matmulTransA(p, 0, doh, 0, dvc, 0, keys, hd, rows, true);
        for (int j = 0; j < heads; j++) scatterAdd(dqh, j * bi, bi, hd, dq, row0, qStride, (h0 + j) * hd);
    }

    /**
     * Adds the kv head's accumulated key/value gradients: those of the n own keys into dk, dv rows
     * from row0, those of the {@code past} prefix keys into dkPast, dvPast rows from pastDstRow0.
     */
    void endBackward(int row0, int n, int past, int pastDstRow0, int kvStride, int g, int hd,
                     float[] dk, float[] dv, float[] dkPast, float[] dvPast) {
        if (past > 0) {
            scatterAdd(dkc, 0, past, hd, dkPast, pastDstRow0, kvStride, g * hd);
            scatterAdd(dvc, 0, past, hd, dvPast, pastDstRow0, kvStride, g * hd);
        }
        scatterAdd(dkc, past, n, hd, dk, row0, kvStride, g * hd);
        scatterAdd(dvc, past, n, hd, dv, row0, kvStride, g * hd);
    }

    /** s[off, off+n) ← softmax(s·scale); returns the log-sum-exp of the scaled row. */
    private static float softmaxRow(float[] s, int off, int n, float scale) {
        int i = 0;
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) mx = mx.max(FloatVector.fromArray(S, s, off + i));
        float max = mx.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, s[off + i]);
        max *= scale;
        FloatVector acc = FloatVector.zero(S);
        i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector e = LaneMath.exp(FloatVector.fromArray(S, s, off + i).mul(scale).sub(max));
            e.intoArray(s, off + i);
            acc = acc.add(e);
        }
        float sum = LaneMath.sum(acc);
        for (; i < n; i++) {
            float e = (float) Math.exp(s[off + i] * scale - max);
            s[off + i] = e;
            sum += e;
        }
        VectorMath.scale(s, off, n, 1f / sum);
        return max + (float) Math.log(sum);
    }

    /** p ← exp(p·scale − lse); g ← p∘(g − d)·scale. */
    private static void probsAndScoreGrad(float[] p, float[] g, int off, int n, float scale, float lse, float d) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector pv = LaneMath.exp(FloatVector.fromArray(S, p, off + i).mul(scale).sub(lse));
            pv.intoArray(p, off + i);
            FloatVector.fromArray(S, g, off + i).sub(d).mul(pv).mul(scale).intoArray(g, off + i);
        }
        for (; i < n; i++) {
            float pv = (float) Math.exp(p[off + i] * scale - lse);
            p[off + i] = pv;
            g[off + i] = pv * (g[off + i] - d) * scale;
        }
    }
}
