package dev.azr4j.core.loop;

import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.monitor.SafetyRules;

/**
 * What a run watches and logs besides its metrics: the safety monitor's rules, whether a flag
 * stops the run, and whether TensorBoard event files are written.
 *
 * @param rules       the safety rules every sample is read against
 * @param stopOnFlag  stop after the first step that raised a flag (a checkpoint is written first)
 * @param tensorboard also write the metrics as TensorBoard scalars under {@code RUN/tensorboard/}
 */
public record Monitoring(SafetyRules rules, boolean stopOnFlag, boolean tensorboard) {
    /** The built-in rules; nothing stops the run; no TensorBoard files. */
    public static Monitoring defaults() {
        return new Monitoring(SafetyRules.builtIn(), false, false);
    }

    /** From the {@code safety} and {@code logging} sections (reads the rules file; a bad one is a UserException). */
    public static Monitoring of(AzrConfig c) {
        return new Monitoring(SafetyRules.of(c.safety().rules()), c.safety().stopOnFlag(), c.logging().tensorboard());
    }

    SafetyMonitor monitor() {
        return new SafetyMonitor(rules);
    }
}
