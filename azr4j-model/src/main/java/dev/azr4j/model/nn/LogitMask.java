package dev.azr4j.model.nn;

/**
 * Applies a grammar's token mask ({@link dev.azr4j.model.grammar.GrammarMatcher#fillNextTokenMask}:
 * bit {@code t & 63} of word {@code t >>> 6}) to one row of logits by setting every disallowed
 * logit to −∞. Ids at or above the mask's vocabulary (a model whose embedding is padded beyond its
 * tokenizer) are never allowed. The sampler and the trainer both mask through here, so the two
 * see exactly the same distribution.
 */
public final class LogitMask {
    private LogitMask() {}

    /** Words a mask over {@code vocab} ids needs. */
    public static int words(int vocab) {
        return (vocab + 63) >>> 6;
    }

    /**
     * Sets z[off + j] = −∞ for every j in [0, n) not allowed by {@code mask} (which covers
     * {@code maskVocab} ids); returns the number of allowed ids.
     */
    public static int apply(long[] mask, int maskVocab, float[] z, int off, int n) {
        int covered = Math.min(n, maskVocab), allowed = 0;
        for (int w = 0, base = 0; base < covered; w++, base += 64) {
            long bits = mask[w];
            int end = Math.min(64, covered - base);
            if (end < 64) bits &= (1L << end) - 1;
            if (bits == -1L) {
                allowed += 64;
                continue;
            }
            if (bits == 0) {
                // most words of a large vocabulary allow nothing: one bulk fill instead of 64 stores
                java.util.Arrays.fill(z, off + base, off + base + end, Float.NEGATIVE_INFINITY);
                continue;
            }
            allowed += Long.bitCount(bits);
            // clear runs: walk the zero bits of the word
            long zeros = ~bits;
            if (end < 64) zeros &= (1L << end) - 1;
            while (zeros != 0) {
                int b = Long.numberOfTrailingZeros(zeros);
                z[off + base + b] = Float.NEGATIVE_INFINITY;
                zeros &= zeros - 1;
            }
        }
        for (int j = covered; j < n; j++) z[off + j] = Float.NEGATIVE_INFINITY;
        return allowed;
    }

    /** Whether {@code token} is allowed by {@code mask}. */
    public static boolean allows(long[] mask, int maskVocab, int token) {
        return token >= 0 && token < maskVocab && (mask[token >>> 6] & (1L << (token & 63))) != 0;
    }
}
