package dev.azr4j.model.sample;

/**
 * A sampled continuation: its token ids (a stop token, when one ended it, is included), the
 * log-probability of each under softmax(logits / temperature) before top-k/top-p filtering
 * (under the raw logits for greedy decoding), and why it ended. Under a grammar the distribution is
 * the masked one, renormalised over the allowed tokens: log p = z_y/T − log Σ_{allowed} exp(z_j/T),
 * the same quantity the trainer computes for a sequence carrying the same grammar.
 */
public record Completion(int[] ids, float[] logprobs, FinishReason finishReason) {

    public enum FinishReason {
        /** a token of {@link SamplingParams#stopTokenIds()} was produced */
        STOP_TOKEN,
        /** the decoded text came to contain a stop string */
        STOP_STRING,
        /** {@link SamplingParams#maxTokens()} were produced */
        LENGTH,
        /**
         * the grammar's matcher is terminated: the text is a complete sentence that no token can
         * extend. When the end-of-sequence token is what completes it and it is a stop token, the
         * reason is {@link #STOP_TOKEN} instead (stop tokens are checked first), as without a grammar.
         */
        GRAMMAR_COMPLETE
    }
}
