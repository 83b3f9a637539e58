package dev.azr4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Sampling tokens/s of a random preset model with and without a grammar, one JSON line per case.
 * The grammars are engine-independent so that the numbers isolate the sampler's side of
 * constrained decoding (mask, renormalise, accept): {@code all-bytes} allows the 256 byte tokens
 * and never ends (the sampler does all of its grammar work, the mask itself costs nothing);
 * {@code busy-N} is the same language with a mask that costs N µs of CPU per sequence and step,
 * standing in for an engine's mask on a large vocabulary, to measure how much of that cost the
 * overlap with the forward pass hides. Every case samples exactly the same number of tokens. Besides
 * wall-clock tokens/s it reports the process's CPU time per token (median), which a machine shared
 * with other work disturbs far less; with one thread there are no spinning workers in it.
 *
 * <p>usage: ConstrainedDecodeBench PRESET [BATCH] [NEW_TOKENS] [REPEAT] [THREADS]
 */
public final class ConstrainedDecodeBench {
    private ConstrainedDecodeBench() {}

    /** The 256 byte tokens, forever; {@code busyNanos} of spinning per mask. */
    record AllBytes(int vocabSize, long busyNanos) implements TokenGrammar {
        @Override
        public GrammarMatcher newMatcher() {
            return new GrammarMatcher() {
                @Override
                public void fillNextTokenMask(long[] mask) {
                    if (busyNanos > 0) {
                        long until = System.nanoTime() + busyNanos;
                        while (System.nanoTime() < until) Thread.onSpinWait();
                    }
                    Arrays.fill(mask, 0L);
                    for (int w = 0; w < 4; w++) mask[w] = -1L;
                }

                @Override
                public boolean accept(int token) {
                    return allows(token);
                }

                @Override
                public boolean canEnd() {
                    return false;
                }

                @Override
                public boolean isTerminated() {
                    return false;
                }

                @Override
                public boolean allows(int token) {
                    return token >= 0 && token < 256;
                }
            };
        }
    }

    public static void main(String[] args) {
        String preset = args[0];
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int repeat = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        CpuBackend backend = new CpuBackend(threads);
        Transformer model = Transformer.random(ModelPresets.get(preset), 1, backend);
        int vocab = model.config().vocabSize();
        SplittableRandom rng = new SplittableRandom(0);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[16];
            for (int t = 0; t < ids.length; t++) ids[t] = rng.nextInt(256);
            prompts.add(ids);
        }
        record Case(String name, TokenGrammar grammar, boolean overlap) {}
        List<Case> cases = List.of(new Case("none", null, false),
                new Case("all-bytes", new AllBytes(vocab, 0), false), new Case("all-bytes", new AllBytes(vocab, 0), true),
                new Case("busy-50us", new AllBytes(vocab, 50_000), false), new Case("busy-50us", new AllBytes(vocab, 50_000), true));
        ObjectMapper json = new ObjectMapper();
        for (Case c : cases) {
            Sampler sampler = new Sampler(model, c.overlap());
            sampler.generate(prompts, SamplingParams.sample(8, 1.0, 0).withGrammar(c.grammar())); // warm-up
        }
        // interleave the cases in every round so that a change in the machine's load hits them alike
        double[][] secs = new double[cases.size()][repeat];
        double[][] cpu = new double[cases.size()][repeat];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] produced = new long[cases.size()];
        for (int r = 0; r < repeat; r++) {
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get(k);
                Sampler sampler = new Sampler(model, c.overlap());
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                List<Completion> out = sampler.generate(prompts, new SamplingParams(newTokens, 1.0, 0, 1.0, 1 + r, Set.of(),
                        List.of(), c.grammar()));
                secs[k][r] = (System.nanoTime() - t0) / 1e9;
                cpu[k][r] = (os.getProcessCpuTime() - c0) / 1e9;
                produced[k] = out.stream().mapToLong(x -> x.ids().length).sum();
            }
        }
        for (int k = 0; k < cases.size(); k++) {
            Arrays.sort(secs[k]);
            Arrays.sort(cpu[k]);
            double s = secs[k][repeat / 2];
            ObjectNode o = json.createObjectNode();
            o.put("preset", preset).put("grammar", cases.get(k).name()).put("overlap", cases.get(k).overlap())
                    .put("batch", batch).put("new_tokens", newTokens).put("threads", threads).put("repeat", repeat)
                    .put("tokens", produced[k]).put("seconds", s).put("tokens_per_s", produced[k] / s)
                    .put("tokens_per_s_best", produced[k] / secs[k][0])
                    // CPU time of the whole process per token: what the work costs, whatever else shares the cores
                    .put("cpu_us_per_token", 1e6 * cpu[k][repeat / 2] / produced[k]);
            System.out.println(o);
        }
        backend.close();
        // the sampler's own grammar work per token (mask into a word array, mask the logits row,
        // accept), timed alone: robust to a loaded machine, unlike the end-to-end numbers above
        for (int v : new int[] {vocab, 151_936}) {
            ObjectNode o = json.createObjectNode();
            o.put("sampler_grammar_work", "all-bytes").put("vocab", v).put("ns_per_token", grammarWorkNanos(v));
            System.out.println(o);
        }
    }

    private static double grammarWorkNanos(int vocab) {
        GrammarMatcher m = new AllBytes(vocab, 0).newMatcher();
        long[] mask = new long[dev.azr4j.model.nn.LogitMask.words(vocab)];
        float[] row = new float[vocab];
        SplittableRandom rng = new SplittableRandom(3);
        for (int j = 0; j < vocab; j++) row[j] = (float) rng.nextGaussian();
        double best = Double.MAX_VALUE;
        int n = Math.max(200, 20_000_000 / vocab);
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                m.fillNextTokenMask(mask);
                dev.azr4j.model.nn.LogitMask.apply(mask, vocab, row, 0, vocab);
                m.accept(i & 255);
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) n);
        }
        return best;
    }
}
