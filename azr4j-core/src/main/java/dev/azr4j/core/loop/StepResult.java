package dev.azr4j.core.loop;

import dev.azr4j.core.policy.UpdateStats;
import java.util.List;
import java.util.Map;

/** What one step did: its metrics (ordered; values are numbers or null), kept samples and the update's statistics. */
public record StepResult(Map<String, Object> metrics, List<Sample> samples, UpdateStats update) {}
