package dev.azr4j.model.train;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * Every number a few seeded training steps and a sampling call produce, as raw bits, so that two
 * runs can be compared bit for bit: per step the loss, each target token's log-probability and
 * entropy, the gradient norm; then every final weight; then the sampled tokens and their
 * log-probabilities. {@link #main} prints it, for a run in another JVM.
 */
final class TrainingFingerprint {
    private TrainingFingerprint() {}

    /**
     * @param config      the model (random weights from a fixed seed)
     * @param threads     compute threads
     * @param steps       optimizer steps
     * @param sequences   sequences per step (lengths mixed around the 16 tokens where attention
     *                    switches from row loops to matrix products)
     * @param sharePrompt every other step shares one prompt across the batch (the shared-prefix path)
     */
    static long[] run(ModelConfig config, int threads, int steps, int sequences, boolean sharePrompt) {
        List<Long> out = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend(threads)) {
            Transformer model = Transformer.random(config, 7, backend);
            Trainer trainer = new Trainer(model);
            AdamW opt = new AdamW(model, AdamW.Hyper.defaults());
            for (int s = 0; s < steps; s++) {
                boolean shared = sharePrompt && s % 2 == 1;
                List<Sequence> batch = batch(config.vocabSize(), 100 + s, sequences, shared);
                int[] prefixes = null;
                if (shared) {
                    prefixes = new int[batch.size()];
                    for (int i = 0; i < prefixes.length; i++) prefixes[i] = PROMPT;
                }
                Trainer.Result res = trainer.forwardBackward(batch, 0.9, nllWithEntropyBonus(), prefixes);
                out.add(Double.doubleToRawLongBits(res.loss()));
                for (TokenScores sc : res.scores()) {
                    for (float f : sc.logprobs()) out.add((long) Float.floatToRawIntBits(f));
                    for (float f : sc.entropies()) out.add((long) Float.floatToRawIntBits(f));
                }
                out.add(Double.doubleToRawLongBits(trainer.clipGradNorm(1.0)));
                opt.step(trainer.gradients(), 1e-3);
                trainer.zeroGrad();
            }
            for (NamedTensor t : model.weights().tensors()) {
                for (float f : t.data()) out.add((long) Float.floatToRawIntBits(f));
            }
            SplittableRandom r = new SplittableRandom(55);
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < 6; i++) prompts.add(tokens(r, config.vocabSize(), i % 2 == 0 ? 3 + i : 20 + i));
            for (Completion c : new Sampler(model).generate(prompts, SamplingParams.sample(12, 1.0, 99))) {
                for (int id : c.ids()) out.add((long) id);
                for (float lp : c.logprobs()) out.add((long) Float.floatToRawIntBits(lp));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static final int PROMPT = 9;

    /** Random sequences, a fifth of them shorter than 16 tokens; with {@code shared}, all begin with the same PROMPT tokens. */
    static List<Sequence> batch(int vocab, long seed, int n, boolean shared) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] prompt = tokens(r, vocab, PROMPT);
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = i % 5 == 0 ? 4 + r.nextInt(10) : 24 + r.nextInt(72);
            int[] completion = tokens(r, vocab, len);
            out.add(shared ? Sequence.completion(prompt, completion) : Sequence.of(completion));
        }
        return out;
    }

    private static int[] tokens(SplittableRandom r, int vocab, int n) {
        int[] ids = new int[n];
        for (int t = 0; t < n; t++) ids[t] = r.nextInt(vocab);
        return ids;
    }

    /** Mean NLL minus 0.01 × mean entropy: exercises the entropy's gradient as PPO's bonus does. */
    static TokenObjective nllWithEntropyBonus() {
        TokenObjective nll = TokenObjectives.meanNegativeLogLikelihood();
        return (batch, scores) -> {
            TokenObjective.Value v = nll.evaluate(batch, scores);
            List<float[]> dEntropy = new ArrayList<>();
            for (float[] g : v.dLogprobs()) {
                float[] e = g.clone();
                for (int i = 0; i < e.length; i++) e[i] *= 0.01f;
                dEntropy.add(e);
            }
            return new TokenObjective.Value(v.loss(), v.dLogprobs(), dEntropy);
        };
    }

    /** The small model the other-JVM comparison uses (C1-compiled Vector API code is slow). */
    static final ModelConfig SMALL = new ModelConfig(ModelConfig.QWEN2, 272, 64, 128, 2, 4, 2, 16, 10000.0, 1e-6,
            true, false, false, 256, -1, List.of());
    static final int SMALL_STEPS = 2, SMALL_SEQUENCES = 6;

    static String format(long[] bits) {
        StringJoiner j = new StringJoiner(" ");
        for (long b : bits) j.add(Long.toHexString(b));
        return j.toString();
    }

    static long[] parse(String line) {
        String[] parts = line.trim().split(" ");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Long.parseUnsignedLong(parts[i], 16);
        return out;
    }

    /** Prints the fingerprint of the {@link #SMALL} run with {@code args[0]} threads. */
    public static void main(String[] args) {
        System.out.println(format(run(SMALL, Integer.parseInt(args[0]), SMALL_STEPS, SMALL_SEQUENCES, true)));
    }
}
