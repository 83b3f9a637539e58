package dev.azr4j.core.policy;

/**
 * One sequence of an update: prompt and completion token ids, the completion's log-probabilities at
 * sampling time, one advantage per completion token, and the weight of each of its tokens in the
 * loss sum (see {@code TokenWeights}). {@code refLogprobs} is null unless a KL term is used.
 */
public record TrainSequence(int[] promptIds, int[] completionIds, float[] oldLogprobs, float[] advantages,
                            double tokenWeight, float[] refLogprobs) {
    public TrainSequence {
        if (completionIds.length != oldLogprobs.length || completionIds.length != advantages.length)
            throw new IllegalArgumentException("completion ids, old logprobs and advantages differ in length");
        if (refLogprobs != null && refLogprobs.length != completionIds.length)
            throw new IllegalArgumentException("reference logprobs differ in length");
    }
}
