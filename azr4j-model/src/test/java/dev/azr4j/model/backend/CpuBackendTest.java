package dev.azr4j.model.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every matmul variant of {@link CpuBackend} against {@link ReferenceBackend}: shapes that reach
 * each code path (dot products for decoding, packed blocks across several KC, MC
 * and NC blocks, row and column splits across threads) with ragged tails, offsets, accumulate on
 * and off. Elements around each output window must stay untouched. {@link MicroKernelTest} runs
 * the same cases on the tile this machine does not choose.
 */
class CpuBackendTest {

    enum Variant { TRANS_B, PLAIN, TRANS_A }

    private static final CpuBackend ONE = new CpuBackend(1);
    private static final CpuBackend MANY = new CpuBackend(4);
    private static final ReferenceBackend REF = new ReferenceBackend();
    /** fp32 with another summation order: error relative to Σ|a||b| of each element. */
    private static final double REL_TOL = 1e-5;

    @AfterAll
    static void closeBackends() {
        ONE.close();
        MANY.close();
    }

    static Stream<Arguments> cases() {
        int[][] shapes = {
                {1, 1, 1}, {1, 7, 3}, {1, 64, 64}, {1, 272, 384}, {1, 1536, 512}, {2, 33, 17},
                {3, 5, 100}, {4, 4, 16}, {5, 129, 31}, {7, 300, 257}, {8, 100, 64}, {9, 96, 200},
                {13, 1030, 70}, {16, 512, 384}, {16, 31, 33}, {17, 65, 513}, {31, 47, 29},
                {32, 32, 32}, {64, 272, 128}, {100, 20, 300}, {129, 257, 130}, {150, 1100, 300},
                {200, 16, 600}, {256, 384, 384}, {37, 2100, 48},
        };
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (int[] s : shapes) {
            for (Variant v : Variant.values()) {
                out.add(Arguments.of(v, s[0], s[1], s[2], seed % 2 == 0, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3} accumulate={4}")
    @MethodSource("cases")
    void matchesReferenceOnOneAndManyThreads(Variant variant, int m, int n, int k, boolean accumulate, long seed) {
        check(ONE, variant, m, n, k, accumulate, seed);
        check(MANY, variant, m, n, k, accumulate, seed);
        check(MANY, variant, m, n, k, !accumulate, seed + 1000);
    }

    /** The kernels as C2 compiles them (vector intrinsics), not only as interpreted: warm up, then check. */
    @Test
    void matchesReferenceAfterJitCompilation() {
        int[][] shapes = {{9, 40, 20}, {20, 70, 33}, {3, 36, 48}};
        float[] a = new float[20 * 48], b = new float[70 * 48], c = new float[20 * 70];
        for (int rep = 0; rep < 4000; rep++) {
            for (int[] s : shapes) {
                ONE.matmulTransB(a, 0, b, 0, c, 0, s[0], s[1], s[2], rep % 2 == 0);
                ONE.matmul(a, 0, b, 0, c, 0, s[0], s[1], s[2], rep % 2 == 0);
                ONE.matmulTransA(a, 0, b, 0, c, 0, s[0], s[1], s[2], rep % 2 == 0);
            }
        }
        long seed = 500;
        for (int[] s : shapes) {
            for (Variant v : Variant.values()) {
                check(ONE, v, s[0], s[1], s[2], false, seed++);
                check(ONE, v, s[0], s[1], s[2], true, seed++);
            }
        }
    }

    /** Calls from several threads at once share one pool: each must still be exact. */
    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 5; rep++) {
                        Variant v = Variant.values()[(id + rep) % 3];
                        check(MANY, v, 70 + id, 90 + 7 * rep, 130, rep % 2 == 0, 1000L * id + rep);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(th);
            th.start();
        }
        for (Thread th : callers) th.join();
        if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
    }

    @Test
    void zeroDepthClearsOrKeepsOutput() {
        for (Variant v : Variant.values()) {
            check(MANY, v, 3, 5, 0, false, 7);
            check(MANY, v, 3, 5, 0, true, 8);
            check(MANY, v, 0, 5, 4, false, 9);
        }
    }

    @Test
    void outOfRangeMatrixIsRefusedWithMessage() {
        float[] a = new float[6], b = new float[6], c = new float[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MANY.matmulTransB(a, 0, b, 0, c, 0, 2, 2, 3, false));
        assertEquals("matmul matrix C needs 4 floats from offset 0 but its array has 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MANY.matmul(a, 1, b, 0, new float[4], 0, 2, 2, 3, false));
        assertThrows(IllegalArgumentException.class, () -> MANY.matmulTransA(a, 0, b, 0, c, 0, -1, 2, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new CpuBackend(0));
    }

    @Test
    void describesItself() {
        assertEquals(4, MANY.threads());
        if (!MANY.describe().startsWith("cpu (Vector API")) fail(MANY.describe());
    }

    static void check(Backend backend, Variant v, int m, int n, int k, boolean accumulate, long seed) {
        Random rnd = new Random(seed);
        int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5);
        float[] a = random(rnd, aOff + m * k + 3);
        float[] b = random(rnd, bOff + k * n + 2);
        float[] c = random(rnd, cOff + m * n + 4);
        float[] expected = c.clone();
        float[] got = c.clone();
        call(REF, v, a, aOff, b, bOff, expected, cOff, m, n, k, accumulate);
        call(backend, v, a, aOff, b, bOff, got, cOff, m, n, k, accumulate);
        // Σ|a||b| per element bounds the rounding error of any summation order.
        float[] absA = abs(a), absB = abs(b), scale = new float[c.length];
        call(REF, v, absA, aOff, absB, bOff, scale, cOff, m, n, k, false);
        for (int idx = 0; idx < c.length; idx++) {
            boolean inside = idx >= cOff && idx < cOff + m * n;
            if (!inside) {
                if (Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(c[idx])) {
                    fail(v + " m=" + m + " n=" + n + " k=" + k + ": wrote outside C at index " + idx);
                }
                continue;
            }
            double tol = REL_TOL * (scale[idx] + (accumulate ? Math.abs(c[idx]) : 0)) + 1e-30;
            if (Math.abs(got[idx] - expected[idx]) > tol) {
                int rel = idx - cOff;
                fail(String.format("%s %s m=%d n=%d k=%d acc=%b: C[%d,%d] = %s, expected %s (tol %.3g)",
                        backend.describe(), v, m, n, k, accumulate, rel / n, rel % n, got[idx], expected[idx], tol));
            }
        }
    }

    private static void call(Backend be, Variant v, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean acc) {
        switch (v) {
            case TRANS_B -> be.matmulTransB(a, aOff, b, bOff, c, cOff, m, n, k, acc);
            case PLAIN -> be.matmul(a, aOff, b, bOff, c, cOff, m, n, k, acc);
            case TRANS_A -> be.matmulTransA(a, aOff, b, bOff, c, cOff, m, n, k, acc);
        }
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
        return y;
    }
}
