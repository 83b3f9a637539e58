package dev.azr4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The overhead of grammar-constrained sampling with a warm real grammar, resolved on a shared
 * machine by interleaved pairs: each pair samples the same batch of prompts for the same number of
 * tokens once without a grammar and once under {@code python-program} (the order alternating
 * between pairs), and the statistic is the median over pairs of the ratio of the two times, with a
 * bootstrap 95 % interval; a change of load between pairs cancels in the ratio. The grammar is
 * {@code python-program} repeated ({@code root ::= program+}) with end of sequence taken out of
 * its masks, so every sequence runs all the tokens under the real engine — each step a real mask,
 * masking of the logits row, renormalised log-probabilities and {@code accept} — and both cases do
 * the same decode steps. Warm: {@link Grammars#warmUp} plus a few batches first, as in self-play,
 * where one role grammar serves thousands of samples; cache entries still first met during the
 * pairs are computed there and counted.
 *
 * <p>usage: GrammarOverheadBench PRESET [PAIRS] [BATCH] [NEW_TOKENS] [THREADS] [WARMUP_WALKS]
 */
public final class GrammarOverheadBench {
    private GrammarOverheadBench() {}

    /** {@code inner} with its end tokens never allowed (its language must always extend, as {@code program+} does). */
    record NoEnd(TokenGrammar inner, int[] endIds) implements TokenGrammar {
        @Override
        public int vocabSize() {
            return inner.vocabSize();
        }

        @Override
        public GrammarMatcher newMatcher() {
            GrammarMatcher m = inner.newMatcher();
            return new GrammarMatcher() {
                @Override
                public void fillNextTokenMask(long[] mask) {
                    m.fillNextTokenMask(mask);
                    for (int e : endIds) mask[e >>> 6] &= ~(1L << e);
                }

                @Override
                public boolean accept(int token) {
                    return !isEnd(token) && m.accept(token);
                }

                @Override
                public boolean canEnd() {
                    return false;
                }

                @Override
                public boolean isTerminated() {
                    return m.isTerminated(); // never true for program+, but its cost is the sampler's per step
                }

                @Override
                public boolean allows(int token) {
                    return !isEnd(token) && m.allows(token);
                }
            };
        }

        private boolean isEnd(int token) {
            for (int e : endIds) if (e == token) return true;
            return false;
        }
    }

    public static void main(String[] args) {
        String preset = args[0];
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int newTokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int warmupWalks = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
        ByteTokenizer tok = ByteTokenizer.instance();
        String program = Grammars.shippedSource("python-program").replaceFirst("(?m)^root ::=", "program ::=");
        TokenGrammar inner = Grammars.compile(program + "\nroot ::= program+\n", "python-program+", tok);
        long w0 = System.nanoTime();
        int cached = Grammars.warmUp(inner, warmupWalks, 400, 7);
        double warmupS = (System.nanoTime() - w0) / 1e9;
        TokenGrammar grammar = new NoEnd(inner, new int[] {tok.eosId()});

        CpuBackend backend = new CpuBackend(threads);
        Transformer model = Transformer.random(ModelPresets.get(preset), 1, backend);
        SplittableRandom rng = new SplittableRandom(0);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[16];
            for (int t = 0; t < ids.length; t++) ids[t] = rng.nextInt(256);
            prompts.add(ids);
        }
        Sampler sampler = new Sampler(model);
        for (int r = 0; r < 3; r++) { // JIT and the caches the sampled programs meet
            sampler.generate(prompts, params(newTokens, 100 + r, null));
            sampler.generate(prompts, params(newTokens, 100 + r, grammar));
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] wallRatio = new double[pairs];
        double[] cpuRatio = new double[pairs];
        double[] wallNone = new double[pairs];
        double[] wallGrammar = new double[pairs];
        long tokensPerRun = (long) batch * newTokens;
        for (int p = 0; p < pairs; p++) {
            double[] wall = new double[2];
            double[] cpu = new double[2];
            for (int k = 0; k < 2; k++) {
                int which = (p % 2 == 0) ? k : 1 - k; // 0 = none, 1 = grammar; the order alternates
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                List<Completion> out = sampler.generate(prompts, params(newTokens, 1 + p, which == 1 ? grammar : null));
                wall[which] = (System.nanoTime() - t0) / 1e9;
                cpu[which] = (os.getProcessCpuTime() - c0) / 1e9;
                long produced = out.stream().mapToLong(c -> c.ids().length).sum();
                if (produced != tokensPerRun) throw new IllegalStateException("a run produced " + produced + " tokens, not " + tokensPerRun);
            }
            wallRatio[p] = wall[1] / wall[0];
            cpuRatio[p] = cpu[1] / cpu[0];
            wallNone[p] = wall[0];
            wallGrammar[p] = wall[1];
        }
        backend.close();
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        double[] wallCi = bootstrapMedianCi(wallRatio, 11);
        double[] cpuCi = bootstrapMedianCi(cpuRatio, 13);
        o.put("preset", preset).put("grammar", "python-program+ (no end), bytes").put("pairs", pairs).put("batch", batch)
                .put("new_tokens", newTokens).put("threads", threads).put("warmup_walks", warmupWalks)
                .put("warmup_s", warmupS).put("cached_masks_after_warmup", cached)
                .put("us_per_token_none", 1e6 * median(wallNone) / tokensPerRun)
                .put("us_per_token_grammar", 1e6 * median(wallGrammar) / tokensPerRun)
                .put("overhead_wall_median", median(wallRatio) - 1).put("overhead_wall_ci95_lo", wallCi[0] - 1)
                .put("overhead_wall_ci95_hi", wallCi[1] - 1)
                .put("overhead_cpu_median", median(cpuRatio) - 1).put("overhead_cpu_ci95_lo", cpuCi[0] - 1)
                .put("overhead_cpu_ci95_hi", cpuCi[1] - 1);
        System.out.println(o);
    }

    private static SamplingParams params(int newTokens, long seed, TokenGrammar g) {
        return new SamplingParams(newTokens, 1.0, 0, 1.0, seed, Set.of(), List.of(), g);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** A percentile bootstrap 95 % interval of the median (2,000 resamples). */
    static double[] bootstrapMedianCi(double[] v, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] meds = new double[2000];
        double[] sample = new double[v.length];
        for (int b = 0; b < meds.length; b++) {
            for (int i = 0; i < v.length; i++) sample[i] = v[r.nextInt(v.length)];
            meds[b] = median(sample);
        }
        Arrays.sort(meds);
        return new double[] {meds[49], meds[1949]};
    }
}
