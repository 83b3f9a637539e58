package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-probabilities and entropies of given token sequences (no gradient): a KV-cache prefill of
 * each group of sequences, then the LM head over blocks of rows so that the full [tokens × vocab]
 * logits never exist at once.
 */
public final class TokenScorer {
    private static final int MAX_GROUP_TOKENS = 8192;
    private static final int LOGIT_ROWS = 64;

    private TokenScorer() {}

    /** Scores every sequence (each needs at least one token) with logits divided by {@code temperature}. */
    public static List<TokenScores> score(Transformer model, List<int[]> sequences, double temperature) {
        return score(model, sequences, temperature, null);
    }

    /**
     * As {@link #score(Transformer, List, double)}, the positions inside sequence i's grammar span
     * ({@code grammars.get(i)}; the list or an entry null: none) scored under the masked distribution
     * as the sampler and the trainer compute it.
     */
    public static List<TokenScores> score(Transformer model, List<int[]> sequences, double temperature,
                                          List<GrammarSpan> grammars) {
        if (grammars != null && grammars.size() != sequences.size()) {
            throw new IllegalArgumentException(grammars.size() + " grammar spans for " + sequences.size() + " sequences");
        }
        if (!(temperature > 0)) throw new IllegalArgumentException("scoring temperature must be > 0, got " + temperature);
        ModelConfig c = model.config();
        int d = c.hiddenSize(), vocab = c.vocabSize();
        double invTemp = 1.0 / temperature;
        List<TokenScores> out = new ArrayList<>(sequences.size());
        int done = 0;   // sequences scored before the current group
        float[] logits = new float[LOGIT_ROWS * vocab];
        for (List<int[]> group : Transformer.groups(sequences, MAX_GROUP_TOKENS)) {
            int n = group.size();
            KvCache[] caches = new KvCache[n];
            int[] counts = new int[n];
            int total = 0;
            for (int s = 0; s < n; s++) {
                counts[s] = group.get(s).length;
                if (counts[s] == 0) throw new IllegalArgumentException("cannot score an empty sequence");
                caches[s] = new KvCache(c, counts[s]);
                total += counts[s];
            }
            int[] tokens = new int[total];
            for (int s = 0, r = 0; s < n; r += counts[s], s++) System.arraycopy(group.get(s), 0, tokens, r, counts[s]);
            float[] hidden = model.forward(tokens, counts, caches);
            // rows whose prediction is scored: every row except the last of each sequence
            int[] rowOf = new int[total];
            int[] target = new int[total];
            long[][] rowMask = new long[total][];
            int[] maskVocab = new int[total];
            int m = 0;
            for (int s = 0, r = 0; s < n; r += counts[s], s++) {
                GrammarSpan g = grammars == null ? null : grammars.get(done + s);
                long[][] masks = g == null ? null : g.replay(group.get(s));
                for (int t = 0; t + 1 < counts[s]; t++) {
                    if (g != null && t + 1 >= g.from()) {
                        rowMask[m] = masks[t + 1 - g.from()];
                        maskVocab[m] = g.grammar().vocabSize();
                    }
                    rowOf[m] = r + t;
                    target[m++] = tokens[r + t + 1];
                }
            }
            float[] lp = new float[m], ent = new float[m];
            float[] rows = new float[LOGIT_ROWS * d];
            for (int from = 0; from < m; from += LOGIT_ROWS) {
                int cnt = Math.min(LOGIT_ROWS, m - from);
                for (int i = 0; i < cnt; i++) System.arraycopy(hidden, rowOf[from + i] * d, rows, i * d, d);
                model.logits(rows, 0, cnt, logits);
                final int base = from;
                model.parallel().forEach(cnt, i -> {
                    long[] mk = rowMask[base + i];
                    if (mk != null) LogitMask.apply(mk, maskVocab[base + i], logits, i * vocab, vocab);
                    double lse = LogSoftmax.logSumExp(logits, i * vocab, vocab, invTemp);
                    lp[base + i] = (float) (logits[i * vocab + target[base + i]] * invTemp - lse);
                    ent[base + i] = (float) LogSoftmax.entropy(logits, i * vocab, vocab, invTemp, lse);
                });
            }
            for (int s = 0, k = 0; s < n; s++) {
                int len = counts[s] - 1;
                float[] a = new float[len], e = new float[len];
                System.arraycopy(lp, k, a, 0, len);
                System.arraycopy(ent, k, e, 0, len);
                k += len;
                out.add(new TokenScores(a, e));
            }
            done += n;
        }
        return out;
    }
}
