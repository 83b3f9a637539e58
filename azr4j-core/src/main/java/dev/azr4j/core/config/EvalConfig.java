package dev.azr4j.core.config;

import java.util.List;

/**
 * The {@code eval} section: benchmarks run during training (by {@code azr train}), their results
 * written into {@code metrics.jsonl} as {@code eval/NAME/accuracy}. A benchmark that fails is a
 * counted, logged error ({@code eval/errors}), never the end of the run.
 *
 * @param every   evaluate after every this many steps; 0 = never
 * @param benches the benchmarks, each with its data file, item limit and decoding
 */
public record EvalConfig(@Range(min = 0) int every, List<Bench> benches) {
    public EvalConfig {
        benches = List.copyOf(benches);
    }

    /**
     * One benchmark of the {@code eval} section.
     *
     * @param name        cruxeval-o, cruxeval-i, humaneval, mbpp, math or probe
     * @param data        its data file
     * @param limit       the first N items; 0 = all
     * @param maxTokens   maximum new tokens per answer
     * @param temperature 0 = greedy
     */
    public record Bench(String name, @Nullable String data, @Range(min = 0) int limit, @Range(min = 1) int maxTokens,
                        @Range(min = 0) double temperature) {}

    public static EvalConfig defaults() {
        return new EvalConfig(0, List.of());
    }
}
