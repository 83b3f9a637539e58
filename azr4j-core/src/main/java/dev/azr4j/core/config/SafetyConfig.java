package dev.azr4j.core.config;

import java.nio.file.Path;

/**
 * The {@code safety} section: the safety monitor that reads every proposal and reasoning text
 * during training (rules: {@code dev/azr4j/core/monitor/safety-rules.yaml}; hits go to
 * {@code RUN/flags.jsonl}).
 *
 * @param rules      a YAML or JSON rules file that replaces the built-in rules; null = the built-in ones
 * @param stopOnFlag stop the run (after writing a checkpoint) at the end of the first step that raised a flag
 */
public record SafetyConfig(@Nullable Path rules, boolean stopOnFlag) {
    public static SafetyConfig defaults() {
        return new SafetyConfig(null, false);
    }
}
