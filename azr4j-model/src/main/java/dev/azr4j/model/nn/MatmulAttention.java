package dev.azr4j.model.nn;

import dev.azr4j.model.backend.LaneMath;
import dev.azr4j.model.backend.Backend;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal attention for long query blocks (training, prefill) as dense matrix products through the
 * {@link Backend}: per head and block of up to {@value #QUERY_BLOCK} queries (by default), S = Q·Kᵀ over the keys
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

    /** Rows [row0, row0+n) of columns [col, col+hd) of a row-major matrix with row width stride → dst [n × hd]. */
    private static void gather(float[] src, int row0, int stride, int col, int n, int hd, float[] dst) {
        gather(src, row0, stride, col, n, hd, dst, 0);
    }

    private static void gather(float[] src, int row0, int stride, int col, int n, int hd, float[] dst, int dstOff) {
        for (int i = 0; i < n; i++) System.arraycopy(src, (row0 + i) * stride + col, dst, dstOff + i * hd, hd);
    }

    private static void scatter(float[] src, int n, int hd, float[] dst, int row0, int stride, int col) {
        for (int i = 0; i < n; i++) System.arraycopy(src, i * hd, dst, (row0 + i) * stride + col, hd);
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

    /**
     * Forward of query head h over the loaded keys: queries are rows [qRow0, qRow0+n) of q
     * (width qStride), the first at position past. Writes the head's columns of out and, when
     * lse is not null, lse[(qRow0+i)·H + h].
     */
    void forward(float[] q, int qRow0, int qStride, int h, int n, int past, int hd, float scale,
                 float[] out, float[] lse, int heads) {
        qh = fit(qh, n * hd);
        oh = fit(oh, n * hd);
        gather(q, qRow0, qStride, h * hd, n, hd, qh);
        for (int i0 = 0; i0 < n; i0 += queryBlock) {
            int bi = Math.min(queryBlock, n - i0), keys = past + i0 + bi;
            sc = fit(sc, bi * keys);
            float[] s = sc;
            backend.matmulTransB(qh, i0 * hd, kc, 0, s, 0, bi, keys, hd, false);
            final int first = past + i0, row0 = qRow0 + i0;
            par.forChunks(bi, keys, (c, from, to) -> {
                for (int r = from; r < to; r++) {
                    int valid = first + r + 1, off = r * keys;
                    float rowLse = softmaxRow(s, off, valid, scale);
                    Arrays.fill(s, off + valid, off + keys, 0f);
                    if (lse != null) lse[(row0 + r) * heads + h] = rowLse;
                }
            });
            backend.matmul(s, 0, vc, 0, oh, i0 * hd, bi, hd, keys, false);
        }
        scatter(oh, n, hd, out, qRow0, qStride, h * hd);
    }

    /** Starts the backward pass of one kv head: zeroes its key/value gradients. */
    void beginBackward(int keys, int hd) {
        dkc = fit(dkc, keys * hd);
        dvc = fit(dvc, keys * hd);
        Arrays.fill(dkc, 0, keys * hd, 0f);
        Arrays.fill(dvc, 0, keys * hd, 0f);
    }

    /**
     * Backward of query head h over the loaded keys (training: the first {@code past} of them a
     * shared prefix's); dq accumulates into the head's columns.
     */
    void backward(float[] q, float[] out, float[] dOut, float[] lse, int qRow0, int qStride, int h, int n, int past,
                  int hd, float scale, int heads, float[] dq) {
        qh = fit(qh, n * hd);
        oh = fit(oh, n * hd);
        doh = fit(doh, n * hd);
        dqh = fit(dqh, n * hd);
        rowD = fit(rowD, n);
        gather(q, qRow0, qStride, h * hd, n, hd, qh);
        gather(out, qRow0, qStride, h * hd, n, hd, oh);
        gather(dOut, qRow0, qStride, h * hd, n, hd, doh);
        for (int i = 0; i < n; i++) rowD[i] = VectorMath.dot(doh, i * hd, oh, i * hd, hd);
        for (int i0 = 0; i0 < n; i0 += queryBlock) {
            int bi = Math.min(queryBlock, n - i0), keys = past + i0 + bi;
            sc = fit(sc, bi * keys);
            dp = fit(dp, bi * keys);
            float[] p = sc, g = dp, d = rowD;
            backend.matmulTransB(qh, i0 * hd, kc, 0, p, 0, bi, keys, hd, false);
            backend.matmulTransB(doh, i0 * hd, vc, 0, g, 0, bi, keys, hd, false);
            final int first = i0;
            par.forChunks(bi, keys, (c, from, to) -> {
                for (int r = from; r < to; r++) {
                    int valid = past + first + r + 1, off = r * keys;
                    float rowLse = lse[(qRow0 + first + r) * heads + h];
                    probsAndScoreGrad(p, g, off, valid, scale, rowLse, d[first + r]);
                    Arrays.fill(p, off + valid, off + keys, 0f);
                    Arrays.fill(g, off + valid, off + keys, 0f);
                }
            });
            // dq = dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO
            backend.matmul(g, 0, kc, 0, dqh, i0 * hd, bi, hd, keys, false);
            backend.matmulTransA(g, 0, qh, i0 * hd, dkc, 0, keys, hd, bi, true);
            backend.matmulTransA(p, 0, doh, i0 * hd, dvc, 0, keys, hd, bi, true);
        }
        scatterAdd(dqh, 0, n, hd, dq, qRow0, qStride, h * hd);
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
