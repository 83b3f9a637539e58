package dev.azr4j.model.nn;

/**
 * Per-token statistics of one sequence: index t − 1 holds log p(ids[t] | ids[&lt;t]) and the entropy
 * of the distribution that predicted position t, both under the given temperature.
 */
public record TokenScores(float[] logprobs, float[] entropies) {}
