package dev.azr4j.model.sample;

/**
 * A sampled continuation: its token ids (a stop token, when one ended it, is included), the
 * log-probability of each under softmax(logits / temperature) before top-k/top-p filtering
 * (under the raw logits for greedy decoding), and why it ended.
 */
public record Completion(int[] ids, float[] logprobs, FinishReason finishReason) {

    public enum FinishReason {
        /** a token of {@link SamplingParams#stopTokenIds()} was produced */
        STOP_TOKEN,
        /** the decoded text came to contain a stop string */
        STOP_STRING,
        /** {@link SamplingParams#maxTokens()} were produced */
        LENGTH
    }
}
