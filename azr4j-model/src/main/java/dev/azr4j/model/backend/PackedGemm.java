package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked GEMM of one rectangle of C, on one thread (GotoBLAS structure). op(B) is packed in
 * blocks of {@link #KC}×{@link #NC} into strips {@link #NR} columns wide, op(A) in blocks of
 * {@link #MC}×{@link #KC} into strips {@link #MR} rows high, both k-major and zero-padded, so the
 * micro-kernel reads two contiguous streams whatever the storage of A and B. When B is stored
 * [k×n] and few rows of C are computed, B is read in place instead of packed (packing would cost
 * more than it saves).
 */
final class PackedGemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Micro-tile: MR rows × NR columns of C held in 2·MR vector registers. */
    static final int MR = 8;
    static final int NR = 2 * L;
    /**
     * Depth of a packed block. Deep blocks mean fewer passes over C (each pass reloads C tiles,
     * which measured ~20% slower at KC=256 for k=1536); an MR×KC strip of A (16 KB) stays in L1.
     */
    static final int KC = 512;
    /** Rows of A packed at once (an MC×KC block of A, 256 KB, stays in L2). */
    static final int MC = 128;
    /** Columns of B packed at once (a KC×NC block of B, 1 MB, streams from L2/L3 once per MR rows). */
    static final int NC = 512;
    /** At most this many rows of C: B stored [k×n] is read in place, not packed. */
    static final int DIRECT_B_MAX_ROWS = 16;

    /** Per-thread packing buffers, reused across calls. */
    static final class Workspace {
        final float[] packedA = new float[MC * KC];
        final float[] packedB = new float[KC * NC];
        final float[] edgeB = new float[KC * NR];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private PackedGemm() {}

    /** Computes rows {@code [i0, i1)} × columns {@code [j0, j1)} of C. */
    static void compute(GemmProblem pr, int i0, int i1, int j0, int j1) {
        Workspace ws = WORKSPACE.get();
        int k = pr.k();
        int n = pr.n();
        boolean directB = !pr.bTransposed() && i1 - i0 <= DIRECT_B_MAX_ROWS;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int edgeCol = nc - nc % NR; // first column of a partial strip (== nc when there is none)
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = pc > 0 || pr.accumulate();
                if (!directB) {
                    packB(pr, pc, kc, jc, nc, ws.packedB);
                } else if (edgeCol < nc) {
                    packBStrip(pr, pc, kc, jc + edgeCol, nc - edgeCol, ws.edgeB, 0);
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(pr, ic, mc, pc, kc, ws.packedA);
                    // Rows outer, columns inner: the MR×kc strip of A stays in L1 while the row
                    // segments of C are walked left to right (prefetchable), and the packed B block
                    // streams from L2.
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int aOff = ir * kc;
                        int cRow = pr.cOff() + (ic + ir) * n + jc;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            float[] bArr;
                            int bOff;
                            int bStride;
                            if (!directB) {
                                bArr = ws.packedB;
                                bOff = jr * kc;
                                bStride = NR;
                            } else if (nr == NR) {
                                bArr = pr.b();
                                bOff = pr.bOff() + pc * n + jc + jr;
                                bStride = n;
                            } else {
                                bArr = ws.edgeB;
                                bOff = 0;
                                bStride = NR;
                            }
                            if (mr == MR && nr == NR) {
                                kernel(ws.packedA, aOff, bArr, bOff, bStride, kc, pr.c(), cRow + jr, n, add);
                            } else {
                                kernel(ws.packedA, aOff, bArr, bOff, bStride, kc, ws.tile, 0, NR, false);
                                storeEdge(ws.tile, pr.c(), cRow + jr, n, mr, nr, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row strips: strip s holds element (ii, p) at {@code s*MR*kc + p*MR + ii}. */
    static void packA(GemmProblem pr, int ic, int mc, int pc, int kc, float[] dst) {
        float[] a = pr.a();
        int m = pr.m();
        int k = pr.k();
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (pr.aTransposed()) {
                // A is [k×m]: the MR values of one p are adjacent in memory.
                for (int p = 0; p < kc; p++) {
                    int src = pr.aOff() + (pc + p) * m + ic + ir;
                    int d = base + p * MR;
                    if (mr == MR && MR == L) {
                        // one vector move: arraycopy's call costs more than copying 8 floats
                        FloatVector.fromArray(S, a, src).intoArray(dst, d);
                    } else {
                        System.arraycopy(a, src, dst, d, mr);
                        for (int ii = mr; ii < MR; ii++) dst[d + ii] = 0f;
                    }
                }
            } else {
                for (int ii = 0; ii < MR; ii++) {
                    int d = base + ii;
                    if (ii < mr) {
                        int src = pr.aOff() + (ic + ir + ii) * k + pc;
                        for (int p = 0; p < kc; p++) dst[d + p * MR] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * MR] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column strips (strip s at {@code s*NR*kc}). */
    static void packB(GemmProblem pr, int pc, int kc, int jc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            packBStrip(pr, pc, kc, jc + jr, Math.min(NR, nc - jr), dst, jr * kc);
        }
    }

    /** Packs op(B)[pc..pc+kc, j..j+nr] as element (p, jj) at {@code dOff + p*NR + jj}, zero-padded to NR columns. */
    static void packBStrip(GemmProblem pr, int pc, int kc, int j, int nr, float[] dst, int dOff) {
        float[] b = pr.b();
        int n = pr.n();
        int k = pr.k();
        if (pr.bTransposed()) {
            // B is [n×k]: each column of op(B) is a contiguous row of B; transpose it into the strip.
            for (int jj = 0; jj < NR; jj++) {
                int d = dOff + jj;
                if (jj < nr) {
                    int src = pr.bOff() + (j + jj) * k + pc;
                    for (int p = 0; p < kc; p++) dst[d + p * NR] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[d + p * NR] = 0f;
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = pr.bOff() + (pc + p) * n + j;
                int d = dOff + p * NR;
                if (nr == NR) {
                    FloatVector.fromArray(S, b, src).intoArray(dst, d);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                } else {
                    System.arraycopy(b, src, dst, d, nr);
                    for (int jj = nr; jj < NR; jj++) dst[d + jj] = 0f;
                }
            }
        }
    }

    private static void storeEdge(float[] tile, float[] c, int cIdx, int ldc, int mr, int nr, boolean add) {
        for (int r = 0; r < mr; r++) {
            int row = cIdx + r * ldc;
            int t = r * NR;
            if (add) {
                for (int j = 0; j < nr; j++) c[row + j] += tile[t + j];
            } else {
                System.arraycopy(tile, t, c, row, nr);
            }
        }
    }

    /**
     * The micro-kernel: C[MR×NR] (+)= Apack[MR×kc] · B[kc×NR], B row p at {@code bOff + p*bStride}.
     * 16 accumulators, 2 B vectors and one broadcast stay in registers; per step of p it does
     * 2 vector loads, 8 broadcasts and 16 FMAs.
     */
    static void kernel(float[] a, int aOff, float[] b, int bOff, int bStride, int kc,
                       float[] c, int cOff, int ldc, boolean add) {
        if (add) kernelAccumulate(a, aOff, b, bOff, bStride, kc, c, cOff, ldc);
        else kernelOverwrite(a, aOff, b, bOff, bStride, kc, c, cOff, ldc);
    }

    // Two copies of one loop, differing only in where the accumulators start. A single method
    // choosing the start vectors (or adding to C after the loop) makes C2 merge vectors through a
    // phi and fall back to boxed, non-intrinsic vector code: 10–30× slower when both paths run.
    // The panel indices are computed from the trip counter p (not advanced beside it): C2 hoists a
    // range check out of a loop only for an index p·constant + invariant, and the ten checks a step
    // cost 15–30 % of the kernel's speed on AVX2.

    /** C = A·B over the tile. */
    private static void kernelOverwrite(float[] a, int aOff, float[] b, int bOff, int bStride, int kc,
                                        float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r = cOff;
        c00.intoArray(c, r);
        c01.intoArray(c, r + L);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + L);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + L);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + L);
        r += ldc;
        c40.intoArray(c, r);
        c41.intoArray(c, r + L);
        r += ldc;
        c50.intoArray(c, r);
        c51.intoArray(c, r + L);
        r += ldc;
        c60.intoArray(c, r);
        c61.intoArray(c, r + L);
        r += ldc;
        c70.intoArray(c, r);
        c71.intoArray(c, r + L);
    }

    /** C += A·B over the tile. */
    private static void kernelAccumulate(float[] a, int aOff, float[] b, int bOff, int bStride, int kc,
                                         float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, cOff), c01 = FloatVector.fromArray(S, c, cOff + L);
        FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc), c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc), c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc), c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc), c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc), c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
        FloatVector c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc), c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
        FloatVector c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc), c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r = cOff;
        c00.intoArray(c, r);
        c01.intoArray(c, r + L);
        r += ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + L);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + L);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + L);
        r += ldc;
        c40.intoArray(c, r);
        c41.intoArray(c, r + L);
        r += ldc;
        c50.intoArray(c, r);
        c51.intoArray(c, r + L);
        r += ldc;
        c60.intoArray(c, r);
        c61.intoArray(c, r + L);
        r += ldc;
        c70.intoArray(c, r);
        c71.intoArray(c, r + L);
    }
}
