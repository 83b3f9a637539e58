package dev.azr4j.model.backend;

/**
 * The compute seam of the engine: the dense kernels every layer's forward and backward pass is
 * built from. Matrices are row-major {@code float[]} slices. The CPU backend is pure Java (Vector
 * API, all cores); a GPU backend can implement the same contract.
 */
public interface Backend {

    /** {@code C[m×n] (+)= A[m×k] · B[n×k]ᵀ} — a linear layer's forward pass (weights stored [out, in]). */
    void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                      int m, int n, int k, boolean accumulate);

    /** {@code C[m×n] (+)= A[m×k] · B[k×n]} — a linear layer's input gradient. */
    void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                int m, int n, int k, boolean accumulate);

    /** {@code C[m×n] (+)= A[k×m]ᵀ · B[k×n]} — a linear layer's weight gradient. */
    void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                      int m, int n, int k, boolean accumulate);

    /** Number of threads this backend computes with. */
    int threads();

    /** A short human-readable description (name, threads, vector width). */
    String describe();
}
