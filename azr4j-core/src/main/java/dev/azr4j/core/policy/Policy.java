package dev.azr4j.core.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The model as the self-play loop sees it: it samples completions with log-probabilities and
 * takes one optimizer step on a batch of sequences with per-token advantages.
 */
public interface Policy extends AutoCloseable {

    /** One completion per prompt, in order. */
    List<Completion> generate(List<String> prompts, Sampling sampling);

    /** One optimizer step on the whole batch (PPO-clip per token, weighted by each sequence's token weight). */
    UpdateStats update(List<TrainSequence> batch, LossSettings settings);

    /** Number of tokens {@code text} encodes to (used to keep prompts within the context). */
    int countTokens(String text);

    /**
     * The token ids of {@code prompt} and of {@code completion} as {@link #generate} would have
     * them had the model sampled that completion: {@code {promptIds, completionIds}}. For training on
     * known answers (imitation); a policy that cannot train says so.
     */
    default int[][] encodeSequence(String prompt, String completion) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot encode sequences for training");
    }

    /** The longest prompt + completion the model accepts, in tokens. */
    int contextLength();

    /** Writes weights, model config, tokenizer files, optimizer state and any frozen KL reference into {@code dir} (which exists). */
    void save(Path dir);

    /** Measurements the policy made since the last call, for the step's metrics (e.g. remote rollouts' {@code rollout/...}). */
    default java.util.Map<String, Object> metrics() {
        return java.util.Map.of();
    }

    @Override
    default void close() {}
}
