package dev.azr4j.core.policy;

import dev.azr4j.core.grammar.GrammarSource;

/**
 * How to sample completions ({@code topK} 0: no top-k filter; temperature 0: greedy). {@code seed} makes a call reproducible: the same prompts, weights
 * and seed give the same completions. With a {@code grammar} (null: none) every completion of the
 * call is constrained to it (see {@link dev.azr4j.model.sample.SamplingParams}).
 */
public record Sampling(double temperature, double topP, int topK, int maxTokens, long seed, GrammarSource grammar) {

    /** Unconstrained sampling. */
    public Sampling(double temperature, double topP, int topK, int maxTokens, long seed) {
        this(temperature, topP, topK, maxTokens, seed, null);
    }

    public Sampling {
        if (temperature < 0) throw new IllegalArgumentException("temperature < 0");
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top_p must be in (0, 1]");
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens < 1");
    }

    public Sampling withSeed(long newSeed) {
        return new Sampling(temperature, topP, topK, maxTokens, newSeed, grammar);
    }

    public Sampling withGrammar(GrammarSource g) {
        return new Sampling(temperature, topP, topK, maxTokens, seed, g);
    }
}
