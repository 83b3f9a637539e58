package dev.azr4j.model.nn;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.backend.CpuBackend;
import java.util.function.IntConsumer;

/**
 * The engine's data-parallel loops (rows, heads, sequences), run on the {@link Backend}'s own
 * threads through {@link Backend#parallelFor}: one set of threads for the matrix products and
 * everything around them, so they never compete for the cores.
 */
public final class Parallel {
    private final int threads;
    private final Backend backend;

    /** Loops on {@code backend}'s threads. */
    public Parallel(Backend backend) {
        this.backend = backend;
        this.threads = Math.max(1, backend.threads());
    }

    /** Loops on the threads of a new {@link CpuBackend} of {@code threads} threads (tests, stand-alone use). */
    public Parallel(int threads) {
        this(new CpuBackend(Math.max(1, threads)));
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body(i)} for i in [0, n), spread over the pool; iterations must be independent. */
    public void forEach(int n, IntConsumer body) {
        if (n <= 0) return;
        if (threads == 1 || n == 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        backend.parallelFor(n, body);
    }

    /** {@link #forEach(int, IntConsumer)}, inline when n × workPerItem is small. */
    public void forEach(int n, int workPerItem, IntConsumer body) {
        if ((long) n * workPerItem < INLINE_WORK) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        forEach(n, body);
    }

    /**
     * Splits [0, n) into at most {@code threads} contiguous chunks and runs {@code body(chunk, from, to)};
     * the chunk index lets callers keep per-chunk partial sums without locking.
     */
    public void forChunks(int n, ChunkBody body) {
        int chunks = chunkCount(n);
        forEach(chunks, c -> body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    /**
     * Like {@link #forChunks(int, ChunkBody)} but runs inline (one chunk) when the whole job is
     * under about {@value #INLINE_WORK} units of {@code workPerItem}: a fork/join round trip costs
     * more than, say, normalising the 16 rows of a decoding step.
     */
    public void forChunks(int n, int workPerItem, ChunkBody body) {
        if ((long) n * workPerItem < INLINE_WORK) {
            if (n > 0) body.run(0, 0, n);
            return;
        }
        forChunks(n, body);
    }

    private static final long INLINE_WORK = 1 << 15;

    /** Number of chunks {@link #forChunks} will use for {@code n} items. */
    public int chunkCount(int n) {
        return Math.max(1, Math.min(threads, n));
    }

    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int from, int to);
    }
}
