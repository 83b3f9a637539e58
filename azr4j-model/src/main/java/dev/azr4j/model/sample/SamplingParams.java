package dev.azr4j.model.sample;

import dev.azr4j.model.grammar.TokenGrammar;
import java.util.List;
import java.util.Set;

/**
 * How to sample: {@code temperature} 0 means greedy (argmax); otherwise logits are divided by it,
 * then top-k ({@code topK} ≤ 0 disables) and top-p ({@code topP} ≥ 1 disables) filter the
 * distribution as HuggingFace does. Generation of a sequence stops after {@code maxTokens}, at a
 * token in {@code stopTokenIds} (kept in the output), or when the decoded continuation contains one
 * of {@code stopStrings} (needs a decoder, see {@link Sampler#generate(List, SamplingParams, TokenDecoder)}).
 * <p>With a {@code grammar} (null: none) every token it does not allow next is masked out (its logit
 * set to −∞) before temperature, top-k and top-p, and a sequence stops as soon as its text is a
 * complete sentence no token can extend ({@link Completion.FinishReason#GRAMMAR_COMPLETE}). The
 * grammar's vocabulary must not exceed the model's; model ids beyond it are never allowed.
 */
public record SamplingParams(int maxTokens, double temperature, int topK, double topP, long seed,
                             Set<Integer> stopTokenIds, List<String> stopStrings, TokenGrammar grammar) {

    /** Unconstrained sampling. */
    public SamplingParams(int maxTokens, double temperature, int topK, double topP, long seed,
                          Set<Integer> stopTokenIds, List<String> stopStrings) {
        this(maxTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, null);
    }

    public SamplingParams {
        if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /** Greedy decoding of at most {@code maxTokens} tokens, no stop conditions. */
    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(maxTokens, 0, 0, 1.0, 0, Set.of(), List.of());
    }

    /** Plain sampling at {@code temperature} with a seed, no filtering, no stop conditions. */
    public static SamplingParams sample(int maxTokens, double temperature, long seed) {
        return new SamplingParams(maxTokens, temperature, 0, 1.0, seed, Set.of(), List.of());
    }

    public SamplingParams withTopK(int k) {
        return new SamplingParams(maxTokens, temperature, k, topP, seed, stopTokenIds, stopStrings, grammar);
    }

    public SamplingParams withTopP(double p) {
        return new SamplingParams(maxTokens, temperature, topK, p, seed, stopTokenIds, stopStrings, grammar);
    }

    public SamplingParams withStopTokens(Set<Integer> ids) {
        return new SamplingParams(maxTokens, temperature, topK, topP, seed, ids, stopStrings, grammar);
    }

    public SamplingParams withStopStrings(List<String> strings) {
        return new SamplingParams(maxTokens, temperature, topK, topP, seed, stopTokenIds, strings, grammar);
    }

    /** The same parameters under {@code g} (null: unconstrained). */
    public SamplingParams withGrammar(TokenGrammar g) {
        return new SamplingParams(maxTokens, temperature, topK, topP, seed, stopTokenIds, stopStrings, g);
    }

    public boolean greedyDecoding() {
        return temperature == 0;
    }
}
