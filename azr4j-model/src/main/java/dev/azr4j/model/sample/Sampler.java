package dev.azr4j.model.sample;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.nn.KvCache;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched KV-cache sampling: one packed prefill of all prompts, then one decode step per new token
 * for all unfinished sequences together (a single matmul per weight matrix per step).
 * <p>Randomness: sequence i of a batch draws from the i-th {@link SplittableRandom#split()} of
 * {@code new SplittableRandom(seed)}, so the same prompts in the same order with the same seed give
 * the same completions, and finished or added sequences do not shift other sequences' streams.
 */
public final class Sampler {
    private final Transformer model;

    public Sampler(Transformer model) {
        this.model = model;
    }

    /** Samples without stop strings (they need a decoder). */
    public List<Completion> generate(List<int[]> prompts, SamplingParams params) {
        return generate(prompts, params, null);
    }

    /** Samples one completion per prompt; {@code decoder} is required when stop strings are set. */
    public List<Completion> generate(List<int[]> prompts, SamplingParams params, TokenDecoder decoder) {
        if (!params.stopStrings().isEmpty() && decoder == null) {
            throw new IllegalArgumentException("stop strings need a decoder to turn tokens into text");
        }
        ModelConfig c = model.config();
        int vocab = c.vocabSize(), d = c.hiddenSize(), n = prompts.size();
        for (int i = 0; i < n; i++) {
            if (prompts.get(i).length == 0) throw new IllegalArgumentException("prompt " + i + " is empty");
        }
        List<Completion> out = new ArrayList<>(n);
        if (n == 0) return out;
        SplittableRandom root = new SplittableRandom(params.seed());
        SplittableRandom[] rng = new SplittableRandom[n];
        for (int i = 0; i < n; i++) rng[i] = root.split();
        int[][] ids = new int[n][params.maxTokens()];
        float[][] lps = new float[n][params.maxTokens()];
        int[] len = new int[n];
        Completion.FinishReason[] reason = new Completion.FinishReason[n];
        if (params.maxTokens() == 0) {
            for (int i = 0; i < n; i++) out.add(new Completion(new int[0], new float[0], Completion.FinishReason.LENGTH));
            return out;
        }
        TokenChooser chooser = new TokenChooser(params);
        KvCache[] caches = new KvCache[n];
        int total = 0;
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = prompts.get(i).length;
            caches[i] = new KvCache(c, counts[i] + params.maxTokens());
            total += counts[i];
        }
        int[] tokens = new int[total];
        for (int i = 0, r = 0; i < n; r += counts[i], i++) System.arraycopy(prompts.get(i), 0, tokens, r, counts[i]);
        float[] hidden = model.forward(tokens, counts, caches);
        // keep only the last row of each prompt
        float[] last = new float[n * d];
        for (int i = 0, r = 0; i < n; i++) {
            r += counts[i];
            System.arraycopy(hidden, (r - 1) * d, last, i * d, d);
        }
        int[] active = new int[n];
        for (int i = 0; i < n; i++) active[i] = i;
        int nActive = n;
        float[] logits = new float[n * vocab];
        while (nActive > 0) {
            model.logits(last, 0, nActive, logits);
            final int[] act = active;
            model.parallel().forEach(nActive, r -> {
                int i = act[r];
                TokenChooser.Choice ch = chooser.choose(logits, r * vocab, vocab, rng[i]);
                ids[i][len[i]] = ch.token();
                lps[i][len[i]] = ch.logprob();
                len[i]++;
            });
            int next = 0;
            for (int r = 0; r < nActive; r++) {
                int i = active[r];
                reason[i] = finished(params, decoder, ids[i], len[i]);
                if (reason[i] == null) active[next++] = i;
            }
            nActive = next;
            if (nActive == 0) break;
            int[] step = new int[nActive];
            int[] ones = new int[nActive];
            KvCache[] stepCaches = new KvCache[nActive];
            for (int r = 0; r < nActive; r++) {
                int i = active[r];
                step[r] = ids[i][len[i] - 1];
                ones[r] = 1;
                stepCaches[r] = caches[i];
            }
            last = model.forward(step, ones, stepCaches);
        }
        for (int i = 0; i < n; i++) {
            out.add(new Completion(Arrays.copyOf(ids[i], len[i]), Arrays.copyOf(lps[i], len[i]), reason[i]));
        }
        return out;
    }

    private static Completion.FinishReason finished(SamplingParams p, TokenDecoder decoder, int[] ids, int len) {
        if (p.stopTokenIds().contains(ids[len - 1])) return Completion.FinishReason.STOP_TOKEN;
        if (!p.stopStrings().isEmpty()) {
            String text = decoder.decode(Arrays.copyOf(ids, len));
            for (String s : p.stopStrings()) if (text.contains(s)) return Completion.FinishReason.STOP_STRING;
        }
        return len >= p.maxTokens() ? Completion.FinishReason.LENGTH : null;
    }
}
