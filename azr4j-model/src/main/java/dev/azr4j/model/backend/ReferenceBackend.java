package dev.azr4j.model.backend;

/** Straightforward single-threaded loops in double precision: the oracle the fast backends are tested against. */
public final class ReferenceBackend implements Backend {

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * k + p] * b[bOff + j * k + p];
                store(c, cOff + i * n + j, s, accumulate);
            }
        }
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                       int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                store(c, cOff + i * n + j, s, accumulate);
            }
        }
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + p * m + i] * b[bOff + p * n + j];
                store(c, cOff + i * n + j, s, accumulate);
            }
        }
    }

    private static void store(float[] c, int idx, double s, boolean accumulate) {
        c[idx] = accumulate ? (float) (c[idx] + s) : (float) s;
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public String describe() {
        return "reference (scalar, 1 thread)";
    }
}
