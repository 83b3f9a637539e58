package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
        for (; j + 4 <= j1; j += 4) {
            int i = 0;
            for (; i + 4 <= m; i += 4) dot4x4(pr, i, j);
            for (; i < m; i++) dot1x4(pr, i, j);
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

    private static void dot4x4(GemmProblem pr, int i, int j) {
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
        float[] r = {
                s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
                s02.reduceLanes(VectorOperators.ADD), s03.reduceLanes(VectorOperators.ADD),
                s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
                s12.reduceLanes(VectorOperators.ADD), s13.reduceLanes(VectorOperators.ADD),
                s20.reduceLanes(VectorOperators.ADD), s21.reduceLanes(VectorOperators.ADD),
                s22.reduceLanes(VectorOperators.ADD), s23.reduceLanes(VectorOperators.ADD),
                s30.reduceLanes(VectorOperators.ADD), s31.reduceLanes(VectorOperators.ADD),
                s32.reduceLanes(VectorOperators.ADD), s33.reduceLanes(VectorOperators.ADD)};
        for (; p < k; p++) {
            for (int ii = 0; ii < 4; ii++) {
                float x = a[a0 + ii * k + p];
                for (int jj = 0; jj < 4; jj++) r[ii * 4 + jj] += x * b[b0 + jj * k + p];
            }
        }
        for (int ii = 0; ii < 4; ii++) {
            for (int jj = 0; jj < 4; jj++) store(pr, i + ii, j + jj, r[ii * 4 + jj]);
        }
    }

    private static void dot1x4(GemmProblem pr, int i, int j) {
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
        float r0 = s0.reduceLanes(VectorOperators.ADD), r1 = s1.reduceLanes(VectorOperators.ADD);
        float r2 = s2.reduceLanes(VectorOperators.ADD), r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            float x = a[a0 + p];
            r0 += x * b[b0 + p];
            r1 += x * b[b1 + p];
            r2 += x * b[b2 + p];
            r3 += x * b[b3 + p];
        }
        store(pr, i, j, r0);
        store(pr, i, j + 1, r1);
        store(pr, i, j + 2, r2);
        store(pr, i, j + 3, r3);
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
        float r = s.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) r += a[a0 + p] * b[b0 + p];
        store(pr, i, j, r);
    }
}
