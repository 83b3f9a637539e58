package dev.azr4j.model.nn;

/**
 * Causal scaled-dot-product attention of one query head over one key/value head, for a block of
 * {@code n} consecutive queries whose first one sits at position {@code past}. Rows are strided
 * (q rows of width qStride, k/v rows of width kvStride; the head's columns start at qCol/kvCol).
 * Probabilities are not stored: the forward pass keeps the log-sum-exp of each row and the
 * backward pass recomputes them, as flash attention does.
 */
final class Attention {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[256]);

    private Attention() {}

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[Math.max(n, s.length * 2)];
            SCRATCH.set(s);
        }
        return s;
    }

    static void forward(float[] q, int qRow0, int qStride, int qCol,
                        float[] k, float[] v, int kRow0, int kvStride, int kvCol,
                        int n, int past, int hd, float scale,
                        float[] out, float[] lse, int lseRow0, int lseStride, int lseCol) {
        float[] p = scratch(past + n);
        for (int i = 0; i < n; i++) {
            int qOff = (qRow0 + i) * qStride + qCol;
            int keys = past + i + 1;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) {
                float s = VectorMath.dot(q, qOff, k, (kRow0 + j) * kvStride + kvCol, hd) * scale;
                p[j] = s;
                if (s > max) max = s;
            }
            float sum = 0;
            for (int j = 0; j < keys; j++) {
                float e = (float) Math.exp(p[j] - max);
                p[j] = e;
                sum += e;
            }
            float invSum = 1f / sum;
            java.util.Arrays.fill(out, qOff, qOff + hd, 0f);
            for (int j = 0; j < keys; j++) {
                VectorMath.axpy(p[j] * invSum, v, (kRow0 + j) * kvStride + kvCol, out, qOff, hd);
            }
            if (lse != null) lse[(lseRow0 + i) * lseStride + lseCol] = max + (float) Math.log(sum);
        }
    }

    /**
     * Backward for one query head: given dO (same layout as q), accumulates dq, dk, dv. The caller
     * must not run two heads that share a key/value head concurrently (dk/dv are accumulated).
     * Starts at position 0 (training has no cache).
     */
    static void backward(float[] q, int qRow0, int qStride, int qCol,
                         float[] k, float[] v, int kRow0, int kvStride, int kvCol,
                         int n, int hd, float scale,
                         float[] out, float[] dOut, float[] lse, int lseStride, int lseCol,
                         float[] dq, float[] dk, float[] dv) {
        float[] p = scratch(n);
        for (int i = 0; i < n; i++) {
            int qOff = (qRow0 + i) * qStride + qCol;
            int keys = i + 1;
            float rowLse = lse[(qRow0 + i) * lseStride + lseCol];
            // D_i = Σ_j p_ij dP_ij = ⟨dO_i, O_i⟩
            float di = VectorMath.dot(dOut, qOff, out, qOff, hd);
            for (int j = 0; j < keys; j++) {
                int kOff = (kRow0 + j) * kvStride + kvCol;
                float pij = (float) Math.exp(VectorMath.dot(q, qOff, k, kOff, hd) * scale - rowLse);
                float dp = VectorMath.dot(dOut, qOff, v, kOff, hd);
                VectorMath.axpy(pij, dOut, qOff, dv, kOff, hd);
                p[j] = pij * (dp - di) * scale;
            }
            for (int j = 0; j < keys; j++) {
                int kOff = (kRow0 + j) * kvStride + kvCol;
                float ds = p[j];
                VectorMath.axpy(ds, k, kOff, dq, qOff, hd);
                VectorMath.axpy(ds, q, qOff, dk, kOff, hd);
            }
        }
    }
}
