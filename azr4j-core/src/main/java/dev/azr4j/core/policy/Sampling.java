package dev.azr4j.core.policy;

/**
 * How to sample completions ({@code topK} 0: no top-k filter; temperature 0: greedy). {@code seed} makes a call reproducible: the same prompts, weights
 * and seed give the same completions.
 */
public record Sampling(double temperature, double topP, int topK, int maxTokens, long seed) {
    public Sampling {
        if (temperature < 0) throw new IllegalArgumentException("temperature < 0");
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top_p must be in (0, 1]");
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens < 1");
    }

    public Sampling withSeed(long newSeed) {
        return new Sampling(temperature, topP, topK, maxTokens, newSeed);
    }
}
