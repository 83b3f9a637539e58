package dev.azr4j.core.policy;

import dev.azr4j.core.grammar.GrammarSource;

/**
 * One sampled completion: its text, the prompt's token ids, the completion's token ids (including
 * the end-of-sequence token when one was emitted) and the log-probability of each completion token
 * under the sampling distribution (logits divided by the temperature; under a grammar, the masked
 * distribution renormalised over the allowed tokens). {@code grammar} is the grammar it was sampled
 * under (null: none); training must use the same one.
 */
public record Completion(String text, int[] promptIds, int[] tokenIds, float[] logprobs, FinishReason finishReason,
                         GrammarSource grammar) {

    /** A completion sampled without a grammar. */
    public Completion(String text, int[] promptIds, int[] tokenIds, float[] logprobs, FinishReason finishReason) {
        this(text, promptIds, tokenIds, logprobs, finishReason, null);
    }

    public Completion {
        if (tokenIds.length != logprobs.length)
            throw new IllegalArgumentException("token ids and logprobs differ in length");
    }

    public int length() {
        return tokenIds.length;
    }
}
