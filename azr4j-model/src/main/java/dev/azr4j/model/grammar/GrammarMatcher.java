package dev.azr4j.model.grammar;

/**
 * The parse state of one sequence under a {@link TokenGrammar}; advances one token at a time. Not
 * thread-safe: one matcher per sequence (masks of different sequences may be computed in parallel).
 */
public interface GrammarMatcher {

    /**
     * Writes into {@code mask} (bit {@code t & 63} of word {@code t >>> 6}, at least
     * {@code ceil(vocabSize / 64)} words) exactly the tokens that may come next, clearing all others.
     * A token is allowed when its bytes continue the text so far to a prefix of some sentence of the
     * language; the tokenizer's end-of-sequence token is allowed exactly where the text so far is a
     * complete sentence; other special tokens only where the grammar names them.
     */
    void fillNextTokenMask(long[] mask);

    /** Advances by {@code token}; returns false, leaving the state unchanged, when it is not allowed. */
    boolean accept(int token);

    /** Whether the text so far is a complete sentence (end of sequence is allowed now). */
    boolean canEnd();

    /** Whether the text so far is a complete sentence that no token can extend: decoding must stop. */
    boolean isTerminated();

    /** Whether {@code token} is allowed next, without changing the state. */
    boolean allows(int token);
}
