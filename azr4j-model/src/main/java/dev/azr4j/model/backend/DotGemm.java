package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C (+)= A · Bᵀ} for few rows of A (decoding: one to a few tokens), as dot products of
 * rows of A with rows of B, both contiguous in memory. This path is bound by reading B once; it
 * needs no packing, which for few rows would cost more than the multiplication itself.
 */
final class DotGemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private DotGemm() {}

    /** Computes all rows of C, columns {@code [j0, j1)}; the problem must have B stored [n×k]. */
    static void compute(GemmProblem pr, int j0, int j1) {
        int m = pr.m();
        int j = j0;
        // The kernels leave their accumulators in acc and the lane sums are taken here, in a fixed
        // order (LaneMath): inlined into a kernel that holds 16 accumulators, those sums take C2
        // past its inlining node limit, and the vectors of the calls left out get boxed.
        float[] acc = new float[17 * L], r = new float[16];
        for (; j + 4 <= j1; j += 4) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int p = accumulate4x4(pr, i, j, acc);
                LaneMath.sums16(acc, r);
                finish(pr, i, 4, j, p, r);
            }
            for (; i < m; i++) {
                int p = accumulate1x4(pr, i, j, acc);
                LaneMath.sums4(acc, r);
                finish(pr, i, 1, j, p, r);
            }
        }
        for (; j < j1; j++) {
            for (int i = 0; i < m; i++) dot1x1(pr, i, j);
        }
    }

    private static void store(GemmProblem pr, int i, int j, float v) {
        int idx = pr.cOff() + i * pr.n() + j;
        float[] c = pr.c();
        c[idx] = pr.accumulate() ? c[idx] + v : v;
    }

    /**
     * Adds the products of depth [p, k) that the vector loop left to the lane sums {@code r} of
     * rows [i, i + rows) × columns [j, j + 4) (row-major) and stores them.
     */
    private static void finish(GemmProblem pr, int i, int rows, int j, int p, float[] r) {
        float[] a = pr.a();
        float[] b = pr.b();
        int k = pr.k();
        int a0 = pr.aOff() + i * k, b0 = pr.bOff() + j * k;
        for (; p < k; p++) {
            for (int ii = 0; ii < rows; ii++) {
                float x = a[a0 + ii * k + p];
                for (int jj = 0; jj < 4; jj++) r[ii * 4 + jj] += x * b[b0 + jj * k + p];
            }
        }
        for (int ii = 0; ii < rows; ii++) {
            for (int jj = 0; jj < 4; jj++) store(pr, i + ii, j + jj, r[ii * 4 + jj]);
        }
    }

    /** Lane-wise dot products of rows i..i+3 of A with rows j..j+3 of B into acc (16 vectors, row-major); returns the depth done. */
    private static int accumulate4x4(GemmProblem pr, int i, int j, float[] acc) {
        float[] a = pr.a();
        float[] b = pr.b();
        int k = pr.k();
        int a0 = pr.aOff() + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int b0 = pr.bOff() + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        int bound = S.loopBound(k);
        int p = 0;
        for (; p < bound; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00); s01 = x.fma(y1, s01); s02 = x.fma(y2, s02); s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10); s11 = x.fma(y1, s11); s12 = x.fma(y2, s12); s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20); s21 = x.fma(y1, s21); s22 = x.fma(y2, s22); s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30); s31 = x.fma(y1, s31); s32 = x.fma(y2, s32); s33 = x.fma(y3, s33);
        }
        s00.intoArray(acc, 0);
        s01.intoArray(acc, L);
        s02.intoArray(acc, 2 * L);
        s03.intoArray(acc, 3 * L);
        s10.intoArray(acc, 4 * L);
        s11.intoArray(acc, 5 * L);
        s12.intoArray(acc, 6 * L);
        s13.intoArray(acc, 7 * L);
        s20.intoArray(acc, 8 * L);
        s21.intoArray(acc, 9 * L);
        s22.intoArray(acc, 10 * L);
        s23.intoArray(acc, 11 * L);
        s30.intoArray(acc, 12 * L);
        s31.intoArray(acc, 13 * L);
        s32.intoArray(acc, 14 * L);
        s33.intoArray(acc, 15 * L);
        return p;
    }

    /** As {@link #accumulate4x4} for row i alone: 4 vectors into acc. */
    private static int accumulate1x4(GemmProblem pr, int i, int j, float[] acc) {
        float[] a = pr.a();
        float[] b = pr.b();
        int k = pr.k();
        int a0 = pr.aOff() + i * k;
        int b0 = pr.bOff() + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int bound = S.loopBound(k);
        int p = 0;
        for (; p < bound; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(acc, 0);
        s1.intoArray(acc, L);
        s2.intoArray(acc, 2 * L);
        s3.intoArray(acc, 3 * L);
        return p;
    }

    private static void dot1x1(GemmProblem pr, int i, int j) {
        float[] a = pr.a();
        float[] b = pr.b();
        int k = pr.k();
        int a0 = pr.aOff() + i * k;
        int b0 = pr.bOff() + j * k;
        FloatVector s = FloatVector.zero(S);
        int bound = S.loopBound(k);
        int p = 0;
        for (; p < bound; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        float r = LaneMath.sum(s);
        for (; p < k; p++) r += a[a0 + p] * b[b0 + p];
        store(pr, i, j, r);
    }
}
