package dev.azr4j.model.train;

import dev.azr4j.model.nn.TokenScores;
import java.util.List;

/**
 * A loss defined on per-token log-probabilities and entropies, e.g. a PPO-clip policy loss with an
 * entropy bonus. The engine computes the statistics, calls {@link #evaluate}, and backpropagates
 * the returned per-token gradients through the log-softmax into every parameter.
 */
@FunctionalInterface
public interface TokenObjective {

    /**
     * @param batch the training sequences, in order
     * @param scores per sequence, index t − 1 holds log p(ids[t]) and the entropy at position t
     *               (under the pass's temperature) for target tokens, NaN elsewhere
     * @return the loss and dL/dlogp, dL/dentropy per token (same indexing; non-targets ignored)
     */
    Value evaluate(List<Sequence> batch, List<TokenScores> scores);

    /**
     * @param dLogprobs  one array per sequence, length = ids.length − 1
     * @param dEntropies same shape, or null when the loss does not involve entropy
     */
    record Value(double loss, List<float[]> dLogprobs, List<float[]> dEntropies) {}
}
