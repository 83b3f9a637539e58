package dev.azr4j.model.nn;

import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.TokenGrammar;

/**
 * The part of a token sequence that was written under a grammar: tokens {@code ids[from..]} were
 * sampled with a matcher that started just before {@code ids[from]}, so the prediction of each of
 * them is the masked, renormalised distribution. Scoring and training recompute the masks by
 * replaying a fresh matcher over those tokens (see {@link #replay}); earlier tokens (the prompt)
 * are unconstrained.
 *
 * <p>Why replay rather than keep the sampler's masks: a matcher's state is a function of the tokens
 * it accepted, so replay gives bit-for-bit the masks the sampler used, at the cost of one mask per
 * trained token (microseconds) next to its forward and backward pass (milliseconds). Keeping them
 * would hold vocab/8 bytes per token from sampling until the update — 34 bytes on the byte
 * vocabulary but 19 KB on Qwen's 151,669 ids, i.e. gigabytes for a self-play batch of long
 * rollouts — and carry them through every layer in between.
 */
public record GrammarSpan(TokenGrammar grammar, int from) {
    public GrammarSpan {
        if (grammar == null) throw new IllegalArgumentException("a grammar span needs a grammar");
        if (from < 1) throw new IllegalArgumentException("a grammar span starts at a predicted token (index >= 1), got " + from);
    }

    /**
     * The masks that predicted {@code ids[from]}, …, {@code ids[ids.length − 1]} (element t − from
     * is the mask for position t). Each token must be allowed by its mask; the last one is checked
     * but not fed to the matcher (nothing follows it, and it may be the end-of-sequence token).
     *
     * @throws IllegalArgumentException naming the position when a token is not allowed: the sequence
     *                                  was not sampled under this grammar
     */
    public long[][] replay(int[] ids) {
        int n = Math.max(0, ids.length - from);
        long[][] masks = new long[n][];
        GrammarMatcher m = grammar.newMatcher();
        int vocab = grammar.vocabSize(), words = LogitMask.words(vocab);
        for (int k = 0; k < n; k++) {
            int t = from + k;
            long[] mask = new long[words];
            m.fillNextTokenMask(mask);
            masks[k] = mask;
            if (!LogitMask.allows(mask, vocab, ids[t])) {
                throw new IllegalArgumentException("token " + ids[t] + " at position " + t
                        + " is not allowed by the grammar there: the sequence was not sampled under it");
            }
            if (k + 1 < n && !m.accept(ids[t])) {
                throw new IllegalStateException("the grammar's mask allows token " + ids[t] + " at position " + t
                        + " but its matcher refuses it");
            }
        }
        return masks;
    }
}
