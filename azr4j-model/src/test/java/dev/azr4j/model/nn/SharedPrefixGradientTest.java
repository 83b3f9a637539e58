package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.grammar.FiniteLanguageGrammar;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.train.Sequence;
import dev.azr4j.model.train.TokenObjective;
import dev.azr4j.model.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A prompt shared by several trained sequences, computed once in the forward and backward pass,
 * gives the loss, the per-token statistics and every parameter gradient of the same sequences
 * packed one by one (the path checked against finite differences and PyTorch elsewhere).
 * Tolerance: loss, log-probabilities and entropies |shared − separate| ≤ 1e-5 · (1 + |separate|)
 * (1e-5 absolute for small values, relative for large ones); every gradient tensor
 * max |shared − separate| ≤ 1e-5 · max(1, max |separate|), relative to the tensor's largest entry as
 * in {@link AttentionPathsTest} (float32 sums in another order: entries near zero that are sums
 * of large terms differ by the rounding of those terms, not of the entry).
 */
class SharedPrefixGradientTest {
    private static final double TOL = 1e-5;
    private static final int VOCAB = 23, EOS = 22;
    private static final double TEMPERATURE = 0.8, ENTROPY_COEF = 0.2;
    private static final ModelConfig C = new ModelConfig(ModelConfig.QWEN2, VOCAB, 32, 40, 2, 4, 2, 8, 1e4, 1e-6,
            true, false, true, 128, -1, List.of());

    private static int[] randomIds(Random rnd, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rnd.nextInt(VOCAB - 1);
        return ids;
    }

    @Test
    void onePromptThreeCompletionsOfDifferentLengths() {
        Random rnd = new Random(1);
        int[] prompt = randomIds(rnd, 20);
        // 3 and 1..15 tokens take the row-loop attention, 17 and 40 the matrix-product one
        List<Sequence> batch = List.of(Sequence.completion(prompt, randomIds(rnd, 3)),
                Sequence.completion(prompt, randomIds(rnd, 17)), Sequence.completion(prompt, randomIds(rnd, 40)));
        assertSameAsSeparate(batch, 1);
    }

    @Test
    void completionsOfLengthOne() {
        Random rnd = new Random(2);
        int[] prompt = randomIds(rnd, 18);
        List<Sequence> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) batch.add(Sequence.completion(prompt, randomIds(rnd, 1)));
        assertSameAsSeparate(batch, 1);
    }

    @Test
    void mixedBatchWhereOnlySomeSequencesSharePrompts() {
        Random rnd = new Random(3);
        int[] a = randomIds(rnd, 21), b = randomIds(rnd, 5), unique = randomIds(rnd, 19);
        int[] aLonger = Arrays.copyOf(a, 24);   // begins like a but is another prompt: not shared with a
        aLonger[21] = 1;
        aLonger[22] = 2;
        aLonger[23] = 3;
        List<Sequence> batch = List.of(
                Sequence.completion(a, randomIds(rnd, 30)),
                Sequence.completion(unique, randomIds(rnd, 16)),
                Sequence.completion(b, randomIds(rnd, 2)),
                Sequence.completion(aLonger, randomIds(rnd, 20)),
                Sequence.completion(a, randomIds(rnd, 1)),
                Sequence.completion(b, randomIds(rnd, 25)),
                Sequence.completion(a, randomIds(rnd, 18)),
                Sequence.completion(b, randomIds(rnd, 7)),
                Sequence.completion(randomIds(rnd, 3), randomIds(rnd, 4)));
        assertSameAsSeparate(batch, 2);
    }

    @Test
    void grammarMaskedCompletions() {
        Random rnd = new Random(4);
        List<int[]> sentences = List.of(new int[] {4, 5, 6, 7}, new int[] {4, 5, 9}, new int[] {4, 8, 1, 1, 2},
                new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0, 2, 3, 5, 6, 7, 8, 9, 1});
        TokenGrammar g = FiniteLanguageGrammar.ofTokens(VOCAB, EOS, sentences);
        int[] prompt = randomIds(rnd, 17), other = randomIds(rnd, 6);
        List<Sequence> batch = List.of(
                Sequence.completion(prompt, new int[] {4, 5, 6, 7, EOS}, g),
                Sequence.completion(prompt, sentences.get(3), g),
                Sequence.completion(other, new int[] {4, 8, 1, 1, 2, EOS}, g),
                Sequence.completion(prompt, new int[] {4, 5, 9}, g),
                Sequence.completion(prompt, randomIds(rnd, 12)),   // the same prompt, unconstrained
                Sequence.completion(other, new int[] {4}, g));
        assertSameAsSeparate(batch, 2);
    }

    /** Runs the batch shared and separately on several engine paths and compares everything. */
    private static void assertSameAsSeparate(List<Sequence> batch, int expectedShared) {
        int[] promptLengths = new int[batch.size()];
        for (int s = 0; s < batch.size(); s++) {
            boolean[] t = batch.get(s).targets();
            int p = 0;
            while (!t[p + 1]) p++;
            promptLengths[s] = p + 1;
        }
        record Path(String name, Function<ModelWeights, Transformer> model) {}
        List<Path> paths = List.of(
                new Path("reference backend", w -> new Transformer(w, new ReferenceBackend())),
                new Path("reference backend, query blocks of 8", w -> {
                    Transformer m = new Transformer(w, new ReferenceBackend());
                    m.setAttentionQueryBlock(8);
                    return m;
                }),
                new Path("cpu backend, 2 threads", w -> new Transformer(w, new CpuBackend(2))),
                new Path("cpu backend, 8 threads (one head at a time)", w -> new Transformer(w, new CpuBackend(8))),
                new Path("activation checkpointing", w -> {
                    Transformer m = new Transformer(w, new ReferenceBackend());
                    m.setActivationCheckpointing(true);
                    return m;
                }));
        ModelWeights w = ModelWeights.random(C, 11, 0.3);
        float[][] coef = coefficients(batch, new Random(99));
        for (Path path : paths) {
            Transformer model = path.model.apply(w);
            TrainingPass probe = model.forwardTraining(batch.stream().map(Sequence::ids).toList(), promptLengths);
            assertEquals(expectedShared, probe.sharedPrefixes(), path.name + ": prefixes computed once");
            int separateRows = batch.stream().mapToInt(Sequence::length).sum();
            assertTrue(probe.rows() < separateRows, path.name + ": the shared prefixes are packed once");

            Trainer separate = new Trainer(model), shared = new Trainer(model);
            Trainer.Result a = separate.forwardBackward(batch, TEMPERATURE, objective(coef));
            Trainer.Result b = shared.forwardBackward(batch, TEMPERATURE, objective(coef), promptLengths);
            assertClose(a.loss(), b.loss(), path.name + ": loss");
            for (int s = 0; s < batch.size(); s++) {
                float[] la = a.scores().get(s).logprobs(), lb = b.scores().get(s).logprobs();
                float[] ea = a.scores().get(s).entropies(), eb = b.scores().get(s).entropies();
                for (int t = 0; t < la.length; t++) {
                    if (!batch.get(s).targets()[t + 1]) continue;
                    assertClose(la[t], lb[t], path.name + ": log p of sequence " + s + " token " + (t + 1));
                    assertClose(ea[t], eb[t], path.name + ": entropy of sequence " + s + " token " + (t + 1));
                }
            }
            List<NamedTensor> ga = separate.gradients().tensors(), gb = shared.gradients().tensors();
            for (int p = 0; p < ga.size(); p++) {
                float[] x = ga.get(p).data(), y = gb.get(p).data();
                double scale = 0, diff = 0;
                for (int i = 0; i < x.length; i++) {
                    scale = Math.max(scale, Math.abs(x[i]));
                    diff = Math.max(diff, Math.abs(x[i] - y[i]));
                }
                String name = path.name + ": gradient of " + ga.get(p).name();
                assertTrue(scale > 0, name + " is zero: the comparison would prove nothing");
                assertTrue(diff <= TOL * Math.max(1, scale), name + ": max |shared − separate| " + diff
                        + " for entries up to " + scale);
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOL * (1 + Math.abs(expected)),
                what + ": separate " + expected + ", shared " + actual);
    }

    private static float[][] coefficients(List<Sequence> batch, Random rnd) {
        float[][] coef = new float[batch.size()][];
        for (int s = 0; s < batch.size(); s++) {
            coef[s] = new float[batch.get(s).length() - 1];
            for (int t = 0; t < coef[s].length; t++) coef[s][t] = (float) rnd.nextGaussian();
        }
        return coef;
    }

    /** Σ coef·log p − c·entropy over the target tokens: gradients into both statistics. */
    private static TokenObjective objective(float[][] coef) {
        return (b, scores) -> {
            double loss = 0;
            List<float[]> dl = new ArrayList<>(), de = new ArrayList<>();
            for (int s = 0; s < b.size(); s++) {
                float[] e = new float[coef[s].length];
                for (int t = 0; t < coef[s].length; t++) {
                    if (!b.get(s).targets()[t + 1]) continue;
                    loss += coef[s][t] * scores.get(s).logprobs()[t] - ENTROPY_COEF * scores.get(s).entropies()[t];
                    e[t] = (float) -ENTROPY_COEF;
                }
                dl.add(coef[s].clone());
                de.add(e);
            }
            return new TokenObjective.Value(loss, dl, de);
        };
    }
}
