package dev.azr4j.model.backend;

import java.util.function.IntConsumer;

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

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)} on this backend's threads
     * (the caller's included) and returns when all have finished; the tasks must be independent.
     * The engine's attention and elementwise loops use this too, so one set of threads does all the
     * work (a second pool would compete with it for the cores). A call made from inside a task, and
     * a backend call made from inside a task, run on that task's thread. Default: sequential.
     */
    default void parallelFor(int tasks, IntConsumer body) {
        for (int t = 0; t < tasks; t++) body.accept(t);
    }

    /** Number of threads this backend computes with. */
    int threads();

    /** A short human-readable description (name, threads, vector width). */
    String describe();
}
