package dev.azr4j.model.grammar;

/**
 * A grammar compiled against one tokenizer's vocabulary. Immutable and safe to share between
 * threads; each sequence being decoded gets its own {@link GrammarMatcher}.
 */
public interface TokenGrammar {

    /** The number of token ids a mask covers (the tokenizer's vocabulary size). */
    int vocabSize();

    /** A matcher at the start of the grammar's root rule. */
    GrammarMatcher newMatcher();
}
