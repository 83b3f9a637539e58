package dev.azr4j.core.step;

import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.policy.UpdateStats;
import java.util.List;
import java.util.Map;

/**
 * What one step did: its metrics (ordered; values are numbers or null), kept samples, the update's
 * statistics and the safety monitor's flags.
 */
public record StepResult(Map<String, Object> metrics, List<Sample> samples, UpdateStats update, List<Flag> flags) {
    public StepResult {
        flags = List.copyOf(flags);
    }

    public StepResult(Map<String, Object> metrics, List<Sample> samples, UpdateStats update) {
        this(metrics, samples, update, List.of());
    }
}
