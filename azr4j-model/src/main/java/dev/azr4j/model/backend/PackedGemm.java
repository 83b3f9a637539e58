package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked GEMM of one rectangle of C, on one thread (GotoBLAS structure). op(B) is packed in
 * blocks of {@link #KC}×{@link #NC} into strips {@link #NR} columns wide, op(A) in blocks of
 * {@link #MC}×{@link #KC} into strips {@link #MR} rows high, both k-major and zero-padded, so the
 * micro-kernel reads two contiguous streams whatever the storage of A and B, B's at a stride the
 * JIT knows (which lets it hoist B's range checks out of the micro-kernel's loop).
 */
final class PackedGemm {

    static final VectorSpecies<Float> S = MicroKernel.S;
    static final int L = MicroKernel.L;
    /** Micro-tile: MR rows × NR columns of C held in 2·MR vector registers ({@link MicroKernel}). */
    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /**
     * Depth of a packed block: a KC×NR micro-panel of B is 32 KB, two thirds of a 48 KB L1 (512 on
     * AVX2, 256 on AVX-512), where it stays while the micro-kernel walks the MR-row strips of A
     * past it. Deep blocks mean fewer passes over C (each pass reloads C tiles).
     */
    static final int KC = 8192 / NR;
    /** Rows of A packed at once (an MC×KC block of A, ≤ 256 KB, stays in L2), whole strips of MR rows. */
    static final int MC = 128 / MR * MR;
    /** Columns of B packed at once (a KC×NC block of B, 512 KB, in L2; each micro-panel read into L1 once per MC rows). */
    static final int NC = 512;

    /** Per-thread packing buffers, reused across calls. */
    static final class Workspace {
        final float[] packedA = new float[MC * KC];
        final float[] packedB = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private PackedGemm() {}

    /** Computes rows {@code [i0, i1)} × columns {@code [j0, j1)} of C. */
    static void compute(GemmProblem pr, int i0, int i1, int j0, int j1) {
        Workspace ws = WORKSPACE.get();
        int k = pr.k();
        int n = pr.n();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = pc > 0 || pr.accumulate();
                packB(pr, pc, kc, jc, nc, ws.packedB);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(pr, ic, mc, pc, kc, ws.packedA);
                    // Columns outer, rows inner: the kc×NR micro-panel of B (NR floats a step,
                    // against MR of A) stays in L1 while the strips of A stream from the packed
                    // block in L2. Measured on AVX-512 against rows outer with KC = 512: +5–7 %;
                    // on AVX2 the same.
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bOff = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int aOff = ir * kc;
                            int cRow = pr.cOff() + (ic + ir) * n + jc;
                            if (mr == MR && nr == NR) {
                                MicroKernel.compute(ws.packedA, aOff, ws.packedB, bOff, kc, pr.c(), cRow + jr, n, add);
                            } else {
                                MicroKernel.compute(ws.packedA, aOff, ws.packedB, bOff, kc, ws.tile, 0, NR, false);
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
                    if (mr == MR) {
                        // a loop of constant length, unrolled by the JIT: arraycopy's call costs
                        // more than copying 4 or 8 floats, and a vector move of MR lanes (not the
                        // preferred species) was sometimes left to boxed, 30× slower code by C2
                        for (int ii = 0; ii < MR; ii++) dst[d + ii] = a[src + ii];
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
}
