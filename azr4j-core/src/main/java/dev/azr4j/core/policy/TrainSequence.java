package dev.azr4j.core.policy;

import dev.azr4j.core.grammar.GrammarSource;

/**
 * One sequence of an update: prompt and completion token ids, the completion's log-probabilities at
 * sampling time, one advantage per completion token, and the weight of each of its tokens in the
 * loss sum (see {@code TokenWeights}). {@code refLogprobs} is null unless a KL term is used.
 * {@code grammar} is the grammar the completion was sampled under (null: none): the policy's new
 * log-probabilities (and the reference's) are then those of the same masked distribution.
 */
public record TrainSequence(int[] promptIds, int[] completionIds, float[] oldLogprobs, float[] advantages,
                            double tokenWeight, float[] refLogprobs, GrammarSource grammar) {

    /** A sequence sampled without a grammar. */
    public TrainSequence(int[] promptIds, int[] completionIds, float[] oldLogprobs, float[] advantages,
                         double tokenWeight, float[] refLogprobs) {
        this(promptIds, completionIds, oldLogprobs, advantages, tokenWeight, refLogprobs, null);
    }

    public TrainSequence {
        if (completionIds.length != oldLogprobs.length || completionIds.length != advantages.length)
            throw new IllegalArgumentException("completion ids, old logprobs and advantages differ in length");
        if (refLogprobs != null && refLogprobs.length != completionIds.length)
            throw new IllegalArgumentException("reference logprobs differ in length");
    }
}
