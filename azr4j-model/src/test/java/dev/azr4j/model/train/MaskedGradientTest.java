package dev.azr4j.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.grammar.AnyTokenGrammar;
import dev.azr4j.model.grammar.FiniteLanguageGrammar;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.GrammarSpan;
import dev.azr4j.model.nn.LogSoftmax;
import dev.azr4j.model.nn.LogitMask;
import dev.azr4j.model.nn.ModelWeights;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The masked log-softmax and its gradient: against the plain log-softmax of the allowed entries
 * alone, against central differences through the whole model, and equal to the unmasked path
 * when the mask allows everything.
 */
class MaskedGradientTest {
    private static final double TEMPERATURE = 0.7;
    private static final double ENTROPY_COEF = 0.3;

    @Test
    void maskedStatisticsAreThoseOfTheAllowedEntriesAlone() {
        Random rnd = new Random(3);
        int n = 37;
        for (int trial = 0; trial < 50; trial++) {
            float[] z = new float[n];
            for (int j = 0; j < n; j++) z[j] = (float) (3 * rnd.nextGaussian());
            boolean[] allowed = new boolean[n];
            int target = rnd.nextInt(n);
            allowed[target] = true;
            for (int j = 0; j < n; j++) allowed[j] |= rnd.nextInt(3) == 0;
            long[] mask = new long[LogitMask.words(n)];
            for (int j = 0; j < n; j++) if (allowed[j]) mask[j >>> 6] |= 1L << (j & 63);
            float[] masked = z.clone();
            int count = LogitMask.apply(mask, n, masked, 0, n);
            float[] compact = new float[count];
            int[] where = new int[count];
            for (int j = 0, k = 0; j < n; j++) if (allowed[j]) { where[k] = j; compact[k++] = z[j]; }
            int compactTarget = Arrays.binarySearch(where, target);
            double invT = 1 / TEMPERATURE;
            double lse = LogSoftmax.logSumExp(masked, 0, n, invT), lseC = LogSoftmax.logSumExp(compact, 0, count, invT);
            assertEquals(lseC, lse, 1e-6);
            assertEquals(LogSoftmax.entropy(compact, 0, count, invT, lseC), LogSoftmax.entropy(masked, 0, n, invT, lse), 1e-6);
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            LogSoftmax.gradient(masked, 0, n, invT, target, a, b);
            LogSoftmax.gradient(compact, 0, count, invT, compactTarget, a, b);
            for (int j = 0, k = 0; j < n; j++) {
                // float32 with another summation order (AVX-512: 16 lanes, and the masked row is longer): 1e-5
                if (allowed[j]) assertEquals(compact[k++], masked[j], 1e-5, "allowed entry " + j);
                else assertEquals(0f, masked[j], 0f, "a masked entry gets no gradient");
            }
        }
    }

    private static ModelConfig config() {
        return new ModelConfig(ModelConfig.QWEN2, 23, 16, 24, 2, 4, 2, 4, 100.0, 1e-6, true, false, true, 64, -1, List.of());
    }

    // prompts of 3 tokens, then completions of a finite language over the 23 ids (22 = end of sequence)
    private static final int EOS = 22;
    private static final List<int[]> SENTENCES = List.of(new int[] {4, 5, 6, 7}, new int[] {4, 5, 9}, new int[] {4, 8, 1, 1, 2},
            new int[] {4, 8, 1, 3}, new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0, 2, 3, 5});
    private static final int[][] IDS = {{1, 2, 3, 4, 5, 6, 7}, {3, 3, 0, 4, 8, 1, 1, 2, EOS},
            {7, 1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0, 2, 3, 5}};

    private final float[][] coef = new float[3][];

    private static List<Sequence> batch(TokenGrammar g) {
        List<Sequence> out = new ArrayList<>();
        for (int[] ids : IDS) out.add(Sequence.completion(Arrays.copyOf(ids, 3), Arrays.copyOfRange(ids, 3, ids.length), g));
        return out;
    }

    private double loss(List<Sequence> batch, List<TokenScores> scores) {
        double loss = 0;
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < coef[s].length; t++) {
                if (!batch.get(s).targets()[t + 1]) continue;
                loss += coef[s][t] * scores.get(s).logprobs()[t] - ENTROPY_COEF * scores.get(s).entropies()[t];
            }
        }
        return loss;
    }

    private TokenObjective objective() {
        return (b, scores) -> {
            List<float[]> dl = new ArrayList<>(), de = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                dl.add(coef[s].clone());
                float[] e = new float[coef[s].length];
                Arrays.fill(e, (float) -ENTROPY_COEF);
                de.add(e);
            }
            return new TokenObjective.Value(loss(b, scores), dl, de);
        };
    }

    private Transformer model(Random rnd) {
        for (int s = 0; s < 3; s++) {
            coef[s] = new float[IDS[s].length - 1];
            for (int t = 0; t < coef[s].length; t++) coef[s][t] = (float) rnd.nextGaussian();
        }
        ModelWeights w = ModelWeights.random(config(), 7, 0.3);
        return new Transformer(w, new ReferenceBackend());
    }

    @Test
    void maskedGradientMatchesCentralDifferences() {
        Random rnd = new Random(42);
        Transformer model = model(rnd);
        FiniteLanguageGrammar g = FiniteLanguageGrammar.ofTokens(23, EOS, SENTENCES);
        List<Sequence> batch = batch(g);
        Trainer trainer = new Trainer(model);
        Trainer.Result r = trainer.forwardBackward(batch, TEMPERATURE, objective());
        // the constrained positions really are masked: a forced token has log p = 0, entropy 0
        assertEquals(0f, r.scores().get(0).logprobs()[5], 1e-6f);
        assertEquals(0f, r.scores().get(2).entropies()[3], 1e-6f);
        List<int[]> seqs = batch.stream().map(Sequence::ids).toList();
        List<GrammarSpan> spans = batch.stream().map(Sequence::grammar).toList();
        List<NamedTensor> params = model.weights().tensors(), grads = trainer.gradients().tensors();
        for (int p = 0; p < params.size(); p++) {
            float[] theta = params.get(p).data();
            float[] grad = grads.get(p).data();
            double[] dir = new double[theta.length];
            double norm = 0;
            for (int i = 0; i < dir.length; i++) {
                dir[i] = rnd.nextGaussian();
                norm += dir[i] * dir[i];
            }
            double analytic = 0;
            for (int i = 0; i < dir.length; i++) {
                dir[i] /= Math.sqrt(norm);
                analytic += dir[i] * grad[i];
            }
            float[] saved = theta.clone();
            double h = 1e-2;
            for (int i = 0; i < theta.length; i++) theta[i] = (float) (saved[i] + h * dir[i]);
            double plus = loss(batch, TokenScorer.score(model, seqs, TEMPERATURE, spans));
            for (int i = 0; i < theta.length; i++) theta[i] = (float) (saved[i] - h * dir[i]);
            double minus = loss(batch, TokenScorer.score(model, seqs, TEMPERATURE, spans));
            System.arraycopy(saved, 0, theta, 0, theta.length);
            double numeric = (plus - minus) / (2 * h);
            assertTrue(Math.abs(numeric - analytic) <= 2e-3 * Math.abs(analytic) + 2e-4,
                    params.get(p).name() + ": analytic " + analytic + " vs numeric " + numeric);
        }
    }

    @Test
    void aMaskAllowingEverythingGivesTheUnmaskedGradient() {
        Transformer model = model(new Random(5));
        Trainer free = new Trainer(model), masked = new Trainer(model);
        Trainer.Result a = free.forwardBackward(batch(null), TEMPERATURE, objective());
        Trainer.Result b = masked.forwardBackward(batch(new AnyTokenGrammar(23)), TEMPERATURE, objective());
        assertEquals(a.loss(), b.loss(), 0.0);
        for (int s = 0; s < 3; s++) assertArrayEquals(a.scores().get(s).logprobs(), b.scores().get(s).logprobs(), 0f);
        List<NamedTensor> ga = free.gradients().tensors(), gb = masked.gradients().tensors();
        for (int p = 0; p < ga.size(); p++) assertArrayEquals(ga.get(p).data(), gb.get(p).data(), 0f, ga.get(p).name());
    }
}
