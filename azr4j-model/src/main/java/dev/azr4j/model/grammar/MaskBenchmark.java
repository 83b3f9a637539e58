package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Random;

/**
 * Times a grammar: compilation against a tokenizer, then the mask of every step of {@code walks}
 * random walks through the language (each step picks a uniformly random allowed token; a walk
 * ends at end of sequence, taken with probability 1/8 where allowed, or after {@code maxTokens}).
 * Besides wall-clock times it reports the mean thread CPU time per mask (less the CPU clock's own
 * cost), which time spent descheduled on a machine shared with other work does not inflate.
 * Used by {@code azr bench grammar}; one thread.
 */
public final class MaskBenchmark {
    /** The timings: compile time, mask times in microseconds, and the number of masks timed. */
    public record Result(double compileMs, double warmupMs, double maskUsMean, double maskUsP50, double maskUsP99, double maskUsMax,
                         int tokens, int walks, int completeWalks, int cachedMasks, double maskCpuUsMean) {}

    private MaskBenchmark() {}

    /**
     * Compiles {@code gbnf} (timed, after a full collection: parsing, automata, binding to the
     * vocabulary, whose trie is built alongside the automata on another thread), optionally fills
     * the mask caches along {@code warmupWalks} walks of another seed (timed apart), then times the
     * masks of {@code walks} walks.
     */
    public static Result run(String gbnf, String sourceName, Tokenizer tok, int walks, int maxTokens, int warmupWalks, long seed) {
        System.gc(); // the tokenizer's loading garbage is not the grammar's to collect
        long t0 = System.nanoTime();
        TokenGrammar tg = Grammars.compile(gbnf, sourceName, tok);
        double compileMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        if (warmupWalks > 0) Grammars.warmUp(tg, warmupWalks, maxTokens, seed ^ 0x5DEECE66DL);
        double warmupMs = (System.nanoTime() - t1) / 1e6;
        // The compiled grammar lives as long as a run (hours, in self-play): move it out of the young
        // generation now, so that the first collection during the walks does not copy it.
        System.gc();
        Random rnd = new Random(seed);
        long[] mask = new long[(tg.vocabSize() + 63) / 64];
        int[] allowed = new int[tg.vocabSize()];
        long[] times = new long[Math.max(16, walks * 8)];
        int n = 0;
        int complete = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        long cpuTotal = 0;
        for (int w = 0; w < walks; w++) {
            GrammarMatcher m = tg.newMatcher();
            for (int step = 0; step < maxTokens; step++) {
                long c = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
                long s = System.nanoTime();
                m.fillNextTokenMask(mask);
                long dt = System.nanoTime() - s;
                if (cpuClock) cpuTotal += threads.getCurrentThreadCpuTime() - c;
                if (n == times.length) times = Arrays.copyOf(times, n * 2);
                times[n++] = dt;
                int k = 0;
                for (int i = 0; i < mask.length; i++) {
                    for (long bits = mask[i]; bits != 0; bits &= bits - 1) allowed[k++] = (i << 6) + Long.numberOfTrailingZeros(bits);
                }
                if (k == 0) break;
                int t;
                if (m.canEnd() && (rnd.nextInt(8) == 0 || k == 1)) t = tok.eosId();
                else {
                    do t = allowed[rnd.nextInt(k)]; while (t == tok.eosId() && k > 1);
                }
                if (!m.accept(t)) throw new IllegalStateException("the matcher refused token " + t + " of its own mask");
                if (m.isTerminated()) {
                    complete++;
                    break;
                }
            }
        }
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        int cached = tg instanceof CompiledTokenGrammar c ? c.cachedMasks() : 0;
        double cpuMean = cpuClock && n > 0 ? Math.max(0, cpuTotal / (double) n - cpuClockCost(threads)) / 1e3 : Double.NaN;
        return new Result(compileMs, warmupMs, mean, pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e3, n, walks,
                complete, cached, cpuMean);
    }

    /** The CPU time two reads of the thread CPU clock around two reads of the wall clock account for (the median of many). */
    private static double cpuClockCost(java.lang.management.ThreadMXBean threads) {
        long[] d = new long[2001];
        for (int i = 0; i < d.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            System.nanoTime();
            System.nanoTime();
            d[i] = threads.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e3;
    }
}
