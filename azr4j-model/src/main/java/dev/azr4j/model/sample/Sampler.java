package dev.azr4j.model.sample;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.nn.KvCache;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched KV-cache sampling: one packed prefill of all prompts, then one decode step per new token
 * for all unfinished sequences together (a single matmul per weight matrix per step).
 * <p>Randomness: sequence i of a batch draws from the i-th {@link SplittableRandom#split()} of
 * {@code new SplittableRandom(seed)}, so the same prompts in the same order with the same seed give
 * the same completions, and finished or added sequences do not shift other sequences' streams.
 * <p>Under a grammar ({@link SamplingParams#grammar()}) each sequence has its own matcher: before
 * every choice the logits of the tokens it does not allow are set to −∞ (so temperature, top-k,
 * top-p and the reported log-probability all apply to the masked distribution), the chosen token is
 * fed to the matcher (a stop token, which ends the sequence anyway, is not), and a sequence whose
 * matcher is terminated stops with {@link Completion.FinishReason#GRAMMAR_COMPLETE}. The masks of
 * a step are computed in parallel on the model's pool, or, with {@code overlapMasks}, on a separate
 * thread during the forward pass that produces the step's logits.
 */
public final class Sampler {
    private static final int INITIAL_NEW_TOKENS = 256;
    private static final int PREFILL_TOKENS = 8192;
    private final Transformer model;
    private final boolean overlapMasks;

    /** Prompt identity by content. */
    private record PromptKey(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PromptKey k && Arrays.equals(ids, k.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    public Sampler(Transformer model) {
        this(model, false);
    }

    /** @param overlapMasks compute grammar masks during the forward pass instead of after it (see BENCHMARKS.md) */
    public Sampler(Transformer model, boolean overlapMasks) {
        this.model = model;
        this.overlapMasks = overlapMasks;
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
        GrammarRows grammar = params.grammar() == null ? null
                : new GrammarRows(params.grammar(), n, vocab, model.parallel(), overlapMasks);
        int[] active = new int[n];
        int nActive = 0;
        for (int i = 0; i < n; i++) {
            if (grammar != null && grammar.terminated(i)) reason[i] = Completion.FinishReason.GRAMMAR_COMPLETE;
            else active[nActive++] = i;
        }
        // the first masks need no token: they are ready (or, overlapped, computed) during the prefill
        if (grammar != null) grammar.prepare(active, nActive);
        // identical prompts (N rollouts of one task) are prefilled once and their caches copied;
        // caches start small and grow, so a large maxTokens costs memory only when used
        Map<PromptKey, Integer> firstOf = new HashMap<>();
        List<Integer> unique = new ArrayList<>();
        int[] slot = new int[n];
        boolean[] owner = new boolean[n];
        for (int i = 0; i < n; i++) {
            Integer f = firstOf.putIfAbsent(new PromptKey(prompts.get(i)), unique.size());
            owner[i] = f == null;
            slot[i] = owner[i] ? unique.size() : f;
            if (owner[i]) unique.add(i);
        }
        int u = unique.size();
        KvCache[] uniqueCaches = new KvCache[u];
        float[] uniqueLast = new float[u * d];
        // prefill in groups of bounded size: the activations of one forward scale with its tokens
        for (int from = 0; from < u; ) {
            int to = from, total = 0;
            while (to < u && (to == from || total + prompts.get(unique.get(to)).length <= PREFILL_TOKENS)) {
                total += prompts.get(unique.get(to++)).length;
            }
            int[] counts = new int[to - from];
            int[] tokens = new int[total];
            KvCache[] group = new KvCache[to - from];
            for (int k = from, r = 0; k < to; k++) {
                int[] p = prompts.get(unique.get(k));
                counts[k - from] = p.length;
                System.arraycopy(p, 0, tokens, r, p.length);
                r += p.length;
                group[k - from] = uniqueCaches[k] = new KvCache(c, p.length + Math.min(params.maxTokens(), INITIAL_NEW_TOKENS));
            }
            float[] hidden = model.forward(tokens, counts, group);
            for (int k = from, r = 0; k < to; k++) {
                r += counts[k - from];
                System.arraycopy(hidden, (r - 1) * d, uniqueLast, k * d, d);
            }
            from = to;
        }
        KvCache[] caches = new KvCache[n];
        float[] last = new float[n * d];
        for (int i = 0; i < n; i++) {
            KvCache prefilled = uniqueCaches[slot[i]];
            caches[i] = owner[i] ? prefilled
                    : prefilled.copy(prefilled.length() + Math.min(params.maxTokens(), INITIAL_NEW_TOKENS));
            System.arraycopy(uniqueLast, slot[i] * d, last, i * d, d);
        }
        // hidden rows of the active sequences, packed in the order of active[]
        if (nActive < n) {
            float[] packed = new float[n * d];
            for (int r = 0; r < nActive; r++) System.arraycopy(last, active[r] * d, packed, r * d, d);
            last = packed;
        }
        float[] logits = new float[n * vocab];
        boolean[] complete = new boolean[n];
        while (nActive > 0) {
            model.logits(last, 0, nActive, logits);
            if (grammar != null) grammar.await();
            final int[] act = active;
            model.parallel().forEach(nActive, 4 * vocab, r -> {
                int i = act[r];
                if (grammar != null) grammar.apply(i, logits, r * vocab, vocab);
                TokenChooser.Choice ch = chooser.choose(logits, r * vocab, vocab, rng[i]);
                ids[i][len[i]] = ch.token();
                lps[i][len[i]] = ch.logprob();
                len[i]++;
                if (grammar != null && !params.stopTokenIds().contains(ch.token())) complete[i] = grammar.advance(i, ch.token());
            });
            int next = 0;
            for (int r = 0; r < nActive; r++) {
                int i = active[r];
                reason[i] = finished(params, decoder, ids[i], len[i]);
                if (complete[i] && reason[i] != Completion.FinishReason.STOP_TOKEN) reason[i] = Completion.FinishReason.GRAMMAR_COMPLETE;
                if (reason[i] == null) active[next++] = i;
            }
            nActive = next;
            if (nActive == 0) break;
            if (grammar != null) grammar.prepare(active, nActive);
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
            // a stop string of L characters spans at most 4L tokens (each adds at least one UTF-8
            // byte), and it was not there a step ago: decoding a window at the end is enough
            int maxLen = 0;
            for (String s : p.stopStrings()) maxLen = Math.max(maxLen, s.length());
            int from = Math.max(0, len - (4 * maxLen + 4));
            String text = decoder.decode(Arrays.copyOfRange(ids, from, len));
            for (String s : p.stopStrings()) if (text.contains(s)) return Completion.FinishReason.STOP_STRING;
        }
        return len >= p.maxTokens() ? Completion.FinishReason.LENGTH : null;
    }
}
