package dev.azr4j.model.nn;

import dev.azr4j.model.backend.LaneMath;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal scaled-dot-product attention for one sequence and one key/value head with the query
 * heads of its group: a block of {@code n} consecutive queries whose first one sits at position
 * {@code past}, over keys 0 .. past+n−1. Rows are strided (q rows of width qStride, k/v rows of
 * width kvStride; a head's columns start at its index × headDim).
 * <p>All loops work on transposed keys and values ([headDim × keys]: scratch in training, the
 * layout of {@link KvCache} at inference) so that every inner loop runs along the keys,
 * vectorised and without horizontal reductions. Probabilities are
 * never stored: the forward pass keeps each row's log-sum-exp and the backward pass recomputes
 * them, as flash attention does.
 */
final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Attention() {}

    /** Per-thread scratch: transposed K/V, their gradients, and score rows. */
    private static final class Scratch {
        float[] kt = new float[0], vt = new float[0], dkt = new float[0], dvt = new float[0];
        float[] p = new float[0], dp = new float[0];

        static float[] fit(float[] a, int n) {
            return a.length >= n ? a : new float[Math.max(n, a.length * 3 / 2)];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Geometry of one (sequence, kv head) block. Without a cache the block's own keys are rows
     * [kRow0, kRow0 + n) and its {@code past} earlier keys (a shared prefix in training) rows
     * [pastRow0, pastRow0 + past) of the same k and v.
     */
    record Block(int qRow0, int qStride, int kRow0, int pastRow0, int kvStride, int kvHead, int firstHead, int heads,
                 int n, int past, int hd, float scale) {}

    /** Training / scoring without a cache: keys and values are rows of k and v; transposed here. */
    static void forward(Block b, float[] q, float[] k, float[] v, float[] out, float[] lse, int lseStride) {
        int keysTotal = b.past + b.n;
        Scratch s = SCRATCH.get();
        s.kt = Scratch.fit(s.kt, b.hd * keysTotal);
        s.vt = Scratch.fit(s.vt, b.hd * keysTotal);
        transposeKeys(b, k, s.kt);
        transposeKeys(b, v, s.vt);
        forwardTransposed(b, q, s.kt, s.vt, 0, keysTotal, out, lse, lseStride);
    }

    /** The block's past rows then its own rows of k (or v), transposed into dst [hd × (past + n)]. */
    private static void transposeKeys(Block b, float[] src, float[] dst) {
        int keysTotal = b.past + b.n, col = b.kvHead * b.hd;
        transpose(src, b.pastRow0, b.kvStride, col, b.past, b.hd, dst, keysTotal, 0);
        transpose(src, b.kRow0, b.kvStride, col, b.n, b.hd, dst, keysTotal, b.past);
    }

    /**
     * Keys and values already transposed ([headDim × ld] for this kv head starting at
     * {@code kvOff}, as a {@link KvCache} stores them).
     */
    static void forwardTransposed(Block b, float[] q, float[] kt, float[] vt, int kvOff, int ld,
                                  float[] out, float[] lse, int lseStride) {
        Scratch s = SCRATCH.get();
        s.p = Scratch.fit(s.p, b.past + b.n);
        float[] p = s.p;
        for (int h = b.firstHead; h < b.firstHead + b.heads; h++) {
            for (int i = 0; i < b.n; i++) {
                int qOff = (b.qRow0 + i) * b.qStride + h * b.hd;
                int keys = b.past + i + 1;
                float max = rowTimesTransposed(q, qOff, b.scale, kt, kvOff, ld, keys, b.hd, p);
                float sum = expShiftInPlace(p, keys, max);
                float invSum = 1f / sum;
                for (int dd = 0; dd < b.hd; dd++) out[qOff + dd] = VectorMath.dot(p, 0, vt, kvOff + dd * ld, keys) * invSum;
                if (lse != null) lse[(b.qRow0 + i) * lseStride + h] = max + (float) Math.log(sum);
            }
        }
    }

    /**
     * Backward for the block (training, keys from rows): given dO (same layout as q) accumulates
     * dq and adds this block's dk, dv (no other task may touch the same key/value head of this
     * sequence). The gradient w.r.t. the past keys/values is added into rows
     * [pastDstRow0, pastDstRow0 + past) of dkPast, dvPast (width kvStride).
     */
    static void backward(Block b, float[] q, float[] k, float[] v, float[] out, float[] dOut,
                         float[] lse, int lseStride, float[] dq, float[] dk, float[] dv,
                         float[] dkPast, float[] dvPast, int pastDstRow0) {
        int n = b.n, hd = b.hd, past = b.past, kn = past + n;
        Scratch s = SCRATCH.get();
        s.kt = Scratch.fit(s.kt, hd * kn);
        s.vt = Scratch.fit(s.vt, hd * kn);
        s.dkt = Scratch.fit(s.dkt, hd * kn);
        s.dvt = Scratch.fit(s.dvt, hd * kn);
        s.p = Scratch.fit(s.p, kn);
        s.dp = Scratch.fit(s.dp, kn);
        float[] kt = s.kt, vt = s.vt, dkt = s.dkt, dvt = s.dvt, p = s.p, dp = s.dp;
        int kvCol = b.kvHead * hd;
        transposeKeys(b, k, kt);
        transposeKeys(b, v, vt);
        Arrays.fill(dkt, 0, hd * kn, 0f);
        Arrays.fill(dvt, 0, hd * kn, 0f);
        for (int h = b.firstHead; h < b.firstHead + b.heads; h++) {
            for (int i = 0; i < n; i++) {
                int qOff = (b.qRow0 + i) * b.qStride + h * hd;
                int keys = past + i + 1;
                float rowLse = lse[(b.qRow0 + i) * lseStride + h];
                rowTimesTransposed(q, qOff, b.scale, kt, 0, kn, keys, hd, p);
                expShiftInPlace(p, keys, rowLse); // p_ij
                // dP_ij = ⟨dO_i, v_j⟩ ; D_i = ⟨dO_i, O_i⟩ = Σ_j p_ij dP_ij
                rowTimesTransposed(dOut, qOff, 1f, vt, 0, kn, keys, hd, dp);
                float di = VectorMath.dot(dOut, qOff, out, qOff, hd);
                // dV_j += p_ij dO_i
                for (int dd = 0; dd < hd; dd++) VectorMath.axpy(dOut[qOff + dd], p, 0, dvt, dd * kn, keys);
                // dS_ij = p_ij (dP_ij − D_i) · scale, kept in dp
                scoreGrad(p, dp, keys, di, b.scale);
                for (int dd = 0; dd < hd; dd++) {
                    dq[qOff + dd] += VectorMath.dot(dp, 0, kt, dd * kn, keys);
                    VectorMath.axpy(q[qOff + dd], dp, 0, dkt, dd * kn, keys);
                }
            }
        }
        for (int j = 0; j < kn; j++) {
            boolean isPast = j < past;
            int row = (isPast ? pastDstRow0 + j : b.kRow0 + j - past) * b.kvStride + kvCol;
            float[] gk = isPast ? dkPast : dk, gv = isPast ? dvPast : dv;
            for (int dd = 0; dd < hd; dd++) {
                gk[row + dd] += dkt[dd * kn + j];
                gv[row + dd] += dvt[dd * kn + j];
            }
        }
    }

    /** dst[dd·ld + j0 + j] = src[(row0 + j)·stride + col + dd] for j &lt; count. */
    private static void transpose(float[] src, int row0, int stride, int col, int count, int hd, float[] dst,
                                  int ld, int j0) {
        for (int j = 0; j < count; j++) {
            int off = (row0 + j) * stride + col;
            for (int dd = 0; dd < hd; dd++) dst[dd * ld + j0 + j] = src[off + dd];
        }
    }

    /**
     * out[j] = scale · Σ_dd x[xOff+dd] · t[tOff + dd·ld + j] for j < keys: a row vector times a
     * transposed [hd × keys] block, accumulated in registers one vector of keys at a time.
     * Returns max_j out[j].
     */
    private static float rowTimesTransposed(float[] x, int xOff, float scale, float[] t, int tOff, int ld,
                                           int keys, int hd, float[] out) {
        int j = 0;
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int bound = S.loopBound(keys); j < bound; j += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int dd = 0; dd < hd; dd++) {
                acc = FloatVector.fromArray(S, t, tOff + dd * ld + j).fma(FloatVector.broadcast(S, x[xOff + dd]), acc);
            }
            acc = acc.mul(scale);
            acc.intoArray(out, j);
            mx = mx.max(acc);
        }
        float max = mx.reduceLanes(VectorOperators.MAX);
        for (; j < keys; j++) {
            float sum = 0;
            for (int dd = 0; dd < hd; dd++) sum += x[xOff + dd] * t[tOff + dd * ld + j];
            out[j] = sum * scale;
            max = Math.max(max, out[j]);
        }
        return max;
    }

    /** p[j] = exp(p[j] − shift); returns the sum. */
    private static float expShiftInPlace(float[] p, int n, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector e = LaneMath.exp(FloatVector.fromArray(S, p, i).sub(shift));
            e.intoArray(p, i);
            acc = acc.add(e);
        }
        float sum = LaneMath.sum(acc);
        for (; i < n; i++) {
            float e = (float) Math.exp(p[i] - shift);
            p[i] = e;
            sum += e;
        }
        return sum;
    }

    /** dp[j] = p[j]·(dp[j] − di)·scale. */
    private static void scoreGrad(float[] p, float[] dp, int n, float di, float scale) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, dp, i).sub(di).mul(FloatVector.fromArray(S, p, i)).mul(scale).intoArray(dp, i);
        }
        for (; i < n; i++) dp[i] = p[i] * (dp[i] - di) * scale;
    }
}
