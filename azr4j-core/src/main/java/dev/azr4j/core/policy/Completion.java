package dev.azr4j.core.policy;

/**
 * One sampled completion: its text, the prompt's token ids, the completion's token ids (including
 * the end-of-sequence token when one was emitted) and the log-probability of each completion token
 * under the sampling distribution (logits divided by the temperature).
 */
public record Completion(String text, int[] promptIds, int[] tokenIds, float[] logprobs, FinishReason finishReason) {
    public Completion {
        if (tokenIds.length != logprobs.length)
            throw new IllegalArgumentException("token ids and logprobs differ in length");
    }

    public int length() {
        return tokenIds.length;
    }
}
