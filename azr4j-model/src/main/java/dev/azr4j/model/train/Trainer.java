package dev.azr4j.model.train;

import dev.azr4j.model.backend.LaneMath;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.GrammarSpan;
import dev.azr4j.model.nn.LogSoftmax;
import dev.azr4j.model.nn.LogitMask;
import dev.azr4j.model.nn.ModelWeights;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.TrainingPass;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gradient computation for losses on per-token log-probabilities: forward, the objective, backward
 * into an accumulating gradient (call {@link #forwardBackward} several times for micro-batches,
 * then {@link #clipGradNorm}, an optimizer step and {@link #zeroGrad}).
 */
public final class Trainer {
    private static final int LOGIT_BUDGET = 1 << 23; // floats of logits alive at once

    private final Transformer model;
    private final ModelWeights grads;

    public Trainer(Transformer model) {
        this.model = model;
        this.grads = ModelWeights.zeros(model.config());
    }

    public Transformer model() {
        return model;
    }

    /** The accumulated gradient (same layout and names as the model's weights). */
    public ModelWeights gradients() {
        return grads;
    }

    public void zeroGrad() {
        grads.zero();
    }

    /** The result of one forward/backward: the objective's loss and the statistics it was given. */
    public record Result(double loss, List<TokenScores> scores, int targetTokens) {}

    /**
     * Runs the batch forward, computes log p and entropy of every target token under
     * softmax(logits / temperature), asks {@code objective} for the loss and its per-token
     * gradients, and adds dLoss/dθ to {@link #gradients()}. For a sequence with a grammar span the
     * distribution of each constrained position is the masked one (disallowed logits −∞, so their
     * gradient is 0), with the masks recomputed by replaying the grammar: the same numbers the
     * sampler reported, so PPO's first-epoch ratio is 1.
     */
    public Result forwardBackward(List<Sequence> batch, double temperature, TokenObjective objective) {
        return forwardBackward(batch, temperature, objective, null);
    }

    /**
     * As {@link #forwardBackward(List, double, TokenObjective)}, sequence s's first
     * {@code sharedPrefixLengths[s]} tokens (null: none) computed once for all the sequences that
     * begin with the same ones (see {@link Transformer#forwardTraining(List, int[])}): the same
     * loss and gradients, with the shared prefix's forward and backward pass done once.
     */
    public Result forwardBackward(List<Sequence> batch, double temperature, TokenObjective objective,
                                  int[] sharedPrefixLengths) {
        if (batch.isEmpty()) throw new IllegalArgumentException("empty training batch");
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        ModelConfig c = model.config();
        int d = c.hiddenSize(), vocab = c.vocabSize();
        double invTemp = 1.0 / temperature;
        List<int[]> ids = new ArrayList<>(batch.size());
        for (Sequence s : batch) ids.add(s.ids());
        TrainingPass pass = model.forwardTraining(ids, sharedPrefixLengths);

        // rows of the packed batch whose prediction is a target
        int m = 0;
        for (Sequence s : batch) m += s.targetCount();
        int[] row = new int[m], target = new int[m], seqOf = new int[m], posOf = new int[m];
        for (int s = 0, k = 0; s < batch.size(); s++) {
            Sequence sq = batch.get(s);
            for (int t = 1; t < sq.length(); t++) {
                if (!sq.targets()[t]) continue;
                row[k] = pass.rowOf(s, t - 1);
                target[k] = sq.ids()[t];
                seqOf[k] = s;
                posOf[k++] = t - 1;
            }
        }
        long[][] rowMask = grammarMasks(batch, m, seqOf, posOf);
        int block = Math.max(1, Math.min(256, LOGIT_BUDGET / vocab));
        float[] hiddenRows = new float[block * d], logits = new float[block * vocab];
        float[] hidden = pass.hidden();

        List<TokenScores> scores = new ArrayList<>(batch.size());
        for (Sequence s : batch) {
            float[] lp = new float[s.length() - 1], ent = new float[s.length() - 1];
            Arrays.fill(lp, Float.NaN);
            Arrays.fill(ent, Float.NaN);
            scores.add(new TokenScores(lp, ent));
        }
        for (int from = 0; from < m; from += block) {
            int cnt = Math.min(block, m - from);
            gather(hidden, row, from, cnt, d, hiddenRows);
            model.logits(hiddenRows, 0, cnt, logits);
            mask(batch, rowMask, seqOf, from, cnt, logits, vocab);
            for (int i = 0; i < cnt; i++) {
                int k = from + i;
                double lse = LogSoftmax.logSumExp(logits, i * vocab, vocab, invTemp);
                TokenScores sc = scores.get(seqOf[k]);
                sc.logprobs()[posOf[k]] = (float) (logits[i * vocab + target[k]] * invTemp - lse);
                sc.entropies()[posOf[k]] = (float) LogSoftmax.entropy(logits, i * vocab, vocab, invTemp, lse);
            }
        }

        TokenObjective.Value value = objective.evaluate(batch, scores);
        check(value, batch);

        float[] dHidden = new float[pass.rows() * d];
        float[] dRows = new float[block * d];
        for (int from = 0; from < m; from += block) {
            int cnt = Math.min(block, m - from);
            gather(hidden, row, from, cnt, d, hiddenRows);
            model.logits(hiddenRows, 0, cnt, logits);
            mask(batch, rowMask, seqOf, from, cnt, logits, vocab);
            for (int i = 0; i < cnt; i++) {
                int k = from + i;
                double a = value.dLogprobs().get(seqOf[k])[posOf[k]];
                double b = value.dEntropies() == null ? 0 : value.dEntropies().get(seqOf[k])[posOf[k]];
                LogSoftmax.gradient(logits, i * vocab, vocab, invTemp, target[k], a, b);
            }
            model.logitsBackward(hiddenRows, 0, cnt, logits, dRows, grads);
            // added, not copied: the last row of a shared prefix predicts the first token of every suffix
            for (int i = 0; i < cnt; i++) dev.azr4j.model.nn.VectorMath.add(dRows, i * d, dHidden, row[from + i] * d, d);
        }
        pass.backward(dHidden, grads);
        return new Result(value.loss(), scores, m);
    }

    /**
     * The grammar mask of each target row (null where unconstrained), replayed per sequence in
     * parallel. Held for one micro-batch only: vocab/8 bytes per constrained target token.
     */
    private long[][] grammarMasks(List<Sequence> batch, int m, int[] seqOf, int[] posOf) {
        boolean any = false;
        for (Sequence s : batch) any |= s.grammar() != null;
        if (!any) return null;
        long[][][] perSeq = new long[batch.size()][][];
        model.parallel().forEach(batch.size(), s -> {
            GrammarSpan g = batch.get(s).grammar();
            if (g != null) perSeq[s] = g.replay(batch.get(s).ids());
        });
        long[][] rowMask = new long[m][];
        for (int k = 0; k < m; k++) {
            GrammarSpan g = batch.get(seqOf[k]).grammar();
            int t = posOf[k] + 1;   // the predicted position
            if (g != null && t >= g.from()) rowMask[k] = perSeq[seqOf[k]][t - g.from()];
        }
        return rowMask;
    }

    private static void mask(List<Sequence> batch, long[][] rowMask, int[] seqOf, int from, int cnt, float[] logits, int vocab) {
        if (rowMask == null) return;
        for (int i = 0; i < cnt; i++) {
            long[] mk = rowMask[from + i];
            if (mk != null) LogitMask.apply(mk, batch.get(seqOf[from + i]).grammar().grammar().vocabSize(), logits, i * vocab, vocab);
        }
    }

    private static void gather(float[] hidden, int[] row, int from, int cnt, int d, float[] out) {
        for (int i = 0; i < cnt; i++) System.arraycopy(hidden, row[from + i] * d, out, i * d, d);
    }

    private static void check(TokenObjective.Value v, List<Sequence> batch) {
        if (v == null || v.dLogprobs() == null) throw new IllegalArgumentException("the objective returned no gradients");
        if (v.dLogprobs().size() != batch.size()
                || (v.dEntropies() != null && v.dEntropies().size() != batch.size())) {
            throw new IllegalArgumentException("the objective must return one gradient array per sequence");
        }
        if (!Double.isFinite(v.loss())) throw new IllegalArgumentException("the objective returned a non-finite loss " + v.loss());
        for (int s = 0; s < batch.size(); s++) {
            int n = batch.get(s).length() - 1;
            if (v.dLogprobs().get(s).length != n || (v.dEntropies() != null && v.dEntropies().get(s).length != n)) {
                throw new IllegalArgumentException("objective gradient for sequence " + s + " must have length " + n);
            }
            boolean[] targets = batch.get(s).targets();
            for (int t = 0; t < n; t++) {
                if (!targets[t + 1]) continue;
                if (!Float.isFinite(v.dLogprobs().get(s)[t])
                        || (v.dEntropies() != null && !Float.isFinite(v.dEntropies().get(s)[t]))) {
                    throw new IllegalArgumentException("the objective returned a non-finite gradient for sequence "
                            + s + " token " + (t + 1));
                }
            }
        }
    }

    /** The global L2 norm of the accumulated gradient (sums of squares per vector block, added in double). */
    public double gradNorm() {
        double sq = 0;
        for (NamedTensor t : grads.tensors()) {
            float[] g = t.data();
            int i = 0;
            for (int bound = S.loopBound(g.length); i < bound; ) {
                FloatVector acc = FloatVector.zero(S);
                for (int end = Math.min(bound, i + 64 * S.length()); i < end; i += S.length()) {
                    FloatVector x = FloatVector.fromArray(S, g, i);
                    acc = x.fma(x, acc);
                }
                sq += LaneMath.sum(acc);
            }
            for (; i < g.length; i++) sq += (double) g[i] * g[i];
        }
        return Math.sqrt(sq);
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Scales the gradient so its global norm is at most {@code maxNorm}; returns the norm before
     * clipping. A non-finite norm (overflow somewhere) is returned as is and nothing is scaled:
     * the caller should skip the optimizer step.
     */
    public double clipGradNorm(double maxNorm) {
        double norm = gradNorm();
        // PyTorch's clip_grad_norm_: coefficient max/(norm + 1e-6), applied only when below 1
        double coef = maxNorm / (norm + 1e-6);
        if (Double.isFinite(norm) && coef < 1) {
            for (NamedTensor t : grads.tensors()) dev.azr4j.model.nn.VectorMath.scale(t.data(), 0, t.numel(), (float) coef);
        }
        return norm;
    }
}
