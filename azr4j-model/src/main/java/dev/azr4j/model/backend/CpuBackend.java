package dev.azr4j.model.backend;

/**
 * The pure-Java CPU backend: Vector API micro-kernels (FMA on the preferred species), cache
 * blocking with packed panels, and a fixed pool of platform threads.
 *
 * <p>Work is split into rectangles of C, each computed start to finish by one thread with its own
 * packing buffers, so threads never wait on each other inside a call. Calls below
 * {@link #PARALLEL_MIN_FLOPS} run on the calling thread. {@code matmulTransB} with at most
 * {@link #DOT_MAX_ROWS} rows (decoding) uses row-by-row dot products instead of packing B.
 *
 * <p>Thread-safe: concurrent calls are allowed (a call made while another thread's call is using
 * the pool runs on its caller's thread). {@link #close()} stops the worker threads; they are daemon
 * threads, so a backend that is never closed does not keep the JVM alive.
 */
public final class CpuBackend implements Backend, AutoCloseable {

    /** Below this many floating-point operations a call runs on the calling thread alone. */
    static final long PARALLEL_MIN_FLOPS = 1L << 20;
    /**
     * {@code matmulTransB} with at most this many rows of A uses dot products (no packing): measured
     * on Zen 4 the dot path beats packing B up to about 128 rows.
     */
    static final int DOT_MAX_ROWS = 64;
    /** ... as long as A (re-read from cache once per 4 rows of B) stays within L2: floats of A. */
    static final int DOT_MAX_A_FLOATS = 128 * 1024;
    /** Columns of C a parallel task should at least get (so packing A is paid back). */
    private static final int MIN_TASK_COLUMNS = 128;

    private final int threads;
    private final WorkerPool pool;

    /**
     * Checks the JVM options that choose the engine's kernels ({@code -Dazr4j.gemm.rows}); call it
     * before the first computation to report a bad one as one message.
     *
     * @throws IllegalArgumentException naming the option and the value it may take
     */
    public static void checkOptions() {
        GemmTile.checkOverride();
    }

    /** A backend using every available processor. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A backend computing with {@code threads} threads (the caller's and {@code threads - 1} workers). */
    public CpuBackend(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = new WorkerPool(threads, "azr4j-cpu");
    }

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        gemm(new GemmProblem(a, aOff, false, b, bOff, true, c, cOff, m, n, k, accumulate));
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                       int m, int n, int k, boolean accumulate) {
        gemm(new GemmProblem(a, aOff, false, b, bOff, false, c, cOff, m, n, k, accumulate));
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        gemm(new GemmProblem(a, aOff, true, b, bOff, false, c, cOff, m, n, k, accumulate));
    }

    private void gemm(GemmProblem pr) {
        int m = pr.m(), n = pr.n(), k = pr.k();
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!pr.accumulate()) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(pr.c(), pr.cOff() + i * n, pr.cOff() + (i + 1) * n, 0f);
            }
            return;
        }
        long flops = 2L * m * n * k;
        int maxTasks = threads == 1 || flops < PARALLEL_MIN_FLOPS ? 1 : threads;
        if (pr.bTransposed() && !pr.aTransposed() && m <= DOT_MAX_ROWS && (long) m * k <= DOT_MAX_A_FLOATS) {
            // Columns in groups of 4 (the dot kernel's width).
            int tasks = Math.max(1, Math.min(maxTasks, n / 4));
            int chunk = roundUp(ceilDiv(n, tasks), 4);
            pool.run(ceilDiv(n, chunk), t -> DotGemm.compute(pr, t * chunk, Math.min(n, (t + 1) * chunk)));
            return;
        }
        int nr = PackedGemm.NR;
        int mr = PackedGemm.MR;
        if (maxTasks == 1) {
            PackedGemm.compute(pr, 0, m, 0, n);
        } else if (m >= n && ceilDiv(m, mr) >= maxTasks) {
            // At least as many rows as columns: split the rows. Each task packs its own rows of A
            // and all of B, which is no larger than A here, and the split is even to MR rows.
            int chunk = roundUp(ceilDiv(m, maxTasks), mr);
            pool.run(ceilDiv(m, chunk), t -> PackedGemm.compute(pr, t * chunk, Math.min(m, (t + 1) * chunk), 0, n));
        } else {
            // More columns (the wide vocabulary projection, weight gradients of wide layers): split
            // the columns; each task packs all of A, cheap next to its many columns.
            int tasks = Math.min(ceilDiv(n, nr), Math.max(maxTasks, Math.min(4 * maxTasks, n / (2 * MIN_TASK_COLUMNS))));
            // a whole number of tasks per thread: 5 equal tasks on 2 threads would leave one idle for a fifth of the call
            if (tasks > maxTasks) tasks -= tasks % maxTasks;
            int chunk = roundUp(ceilDiv(n, tasks), nr);
            pool.run(ceilDiv(n, chunk), t -> PackedGemm.compute(pr, 0, m, t * chunk, Math.min(n, (t + 1) * chunk)));
        }
    }

    @Override
    public void parallelFor(int tasks, java.util.function.IntConsumer body) {
        pool.run(tasks, body);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public String describe() {
        return "cpu (Vector API " + PackedGemm.S.vectorBitSize() + "-bit, " + PackedGemm.L + " float lanes, "
                + threads + (threads == 1 ? " thread)" : " threads)");
    }

    /** Stops the worker threads; later parallel calls fail. */
    @Override
    public void close() {
        pool.close();
    }
}
