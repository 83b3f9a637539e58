package dev.azr4j.model.backend;

/**
 * One call {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]} with the storage of A and B spelled out,
 * so that the three {@link Backend} variants share one implementation.
 *
 * @param aTransposed A is stored {@code [k×m]} (element (i,p) at {@code aOff + p*m + i}); otherwise {@code [m×k]}
 * @param bTransposed B is stored {@code [n×k]} (element (p,j) at {@code bOff + j*k + p}); otherwise {@code [k×n]}
 */
record GemmProblem(float[] a, int aOff, boolean aTransposed,
                   float[] b, int bOff, boolean bTransposed,
                   float[] c, int cOff,
                   int m, int n, int k, boolean accumulate) {

    /** Checks dimensions and that every element the call touches lies inside its array. */
    GemmProblem {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("matmul dimensions must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        checkRange("A", a, aOff, (long) m * k);
        checkRange("B", b, bOff, (long) k * n);
        checkRange("C", c, cOff, (long) m * n);
    }

    private static void checkRange(String name, float[] array, int offset, long length) {
        if (array == null) throw new IllegalArgumentException("matmul matrix " + name + " is null");
        if (offset < 0 || offset + length > array.length) {
            throw new IllegalArgumentException("matmul matrix " + name + " needs " + length + " floats from offset "
                    + offset + " but its array has " + array.length);
        }
    }

    /** Element (i, p) of op(A). */
    float aAt(int i, int p) {
        return aTransposed ? a[aOff + p * m + i] : a[aOff + i * k + p];
    }

    /** Element (p, j) of op(B). */
    float bAt(int p, int j) {
        return bTransposed ? b[bOff + j * k + p] : b[bOff + p * n + j];
    }
}
