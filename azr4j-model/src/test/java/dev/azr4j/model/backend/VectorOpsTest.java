package dev.azr4j.model.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link VectorOps} against plain double-precision loops, for lengths around the vector width and offsets. */
class VectorOpsTest {

    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 100, 1000};

    @Test
    void reductionsMatchScalarLoops() {
        Random rnd = new Random(3);
        for (int n : LENGTHS) {
            int off = rnd.nextInt(4);
            float[] a = gaussian(rnd, off + n + 2), b = gaussian(rnd, off + n + 5);
            double dot = 0, sum = 0, sq = 0, scale = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                dot += (double) a[off + i] * b[off + 1 + i];
                sum += a[off + i];
                sq += (double) a[off + i] * a[off + i];
                scale += Math.abs(a[off + i]) * (1 + Math.abs(b[off + 1 + i]));
                max = Math.max(max, a[off + i]);
            }
            double tol = 1e-6 * scale + 1e-7;
            assertEquals(dot, VectorOps.dot(a, off, b, off + 1, n), tol, "dot n=" + n);
            assertEquals(sum, VectorOps.sum(a, off, n), tol, "sum n=" + n);
            assertEquals(sq, VectorOps.sumOfSquares(a, off, n), 1e-6 * sq + 1e-7, "sumOfSquares n=" + n);
            assertEquals(max, VectorOps.max(a, off, n), "max n=" + n);
        }
    }

    @Test
    void elementwiseOpsTouchOnlyTheirSlice() {
        Random rnd = new Random(4);
        for (int n : LENGTHS) {
            float[] x = gaussian(rnd, n + 6), y = gaussian(rnd, n + 6);
            float[] expectAxpy = y.clone(), expectScale = x.clone(), expectAdd = y.clone();
            for (int i = 0; i < n; i++) {
                expectAxpy[3 + i] = y[3 + i] + 0.5f * x[2 + i];
                expectScale[1 + i] = x[1 + i] * -2f;
                expectAdd[2 + i] = x[1 + i] + y[3 + i];
            }
            float[] gotAxpy = y.clone();
            VectorOps.axpy(0.5f, x, 2, gotAxpy, 3, n);
            assertArrayEquals(expectAxpy, gotAxpy, 1e-6f, "axpy n=" + n);
            float[] gotScale = x.clone();
            VectorOps.scale(gotScale, 1, n, -2f);
            assertArrayEquals(expectScale, gotScale, 0f, "scale n=" + n);
            float[] gotAdd = y.clone();
            VectorOps.add(x, 1, y, 3, gotAdd, 2, n);
            assertArrayEquals(expectAdd, gotAdd, 0f, "add n=" + n);
        }
    }

    @Test
    void softmaxMatchesDoublePrecisionAndReturnsLogSumExp() {
        Random rnd = new Random(5);
        for (int n : LENGTHS) {
            if (n == 0) continue;
            float[] x = gaussian(rnd, n + 3);
            for (int i = 0; i < x.length; i++) x[i] *= 20; // wide range: needs the max shift
            x[1 + n / 2] = Float.NEGATIVE_INFINITY; // a masked element
            if (n == 1) x[1] = 3f;
            double mx = Double.NEGATIVE_INFINITY, total = 0;
            for (int i = 0; i < n; i++) mx = Math.max(mx, x[1 + i]);
            for (int i = 0; i < n; i++) total += Math.exp(x[1 + i] - mx);
            float[] got = x.clone();
            float lse = VectorOps.softmaxInPlace(got, 1, n);
            assertEquals(mx + Math.log(total), lse, 1e-5 * Math.max(1, Math.abs(lse)), "lse n=" + n);
            double s = 0;
            for (int i = 0; i < n; i++) {
                double p = Math.exp(x[1 + i] - mx) / total;
                assertEquals(p, got[1 + i], 1e-6 + 1e-5 * p, "p[" + i + "] n=" + n);
                s += got[1 + i];
            }
            assertEquals(1.0, s, 1e-5);
            assertEquals(x[0], got[0]);
            assertEquals(x[n + 1], got[n + 1]);
        }
        assertThrows(IllegalArgumentException.class, () -> VectorOps.softmaxInPlace(new float[3], 0, 0));
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }
}
