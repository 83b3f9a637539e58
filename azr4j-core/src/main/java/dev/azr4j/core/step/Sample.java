package dev.azr4j.core.step;

import java.util.Map;

/** One whole prompt/completion/reward kept for reading in {@code samples/step-N.jsonl}. */
public record Sample(String group, String prompt, String completion, double reward, Map<String, Object> details) {
    public Sample {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));   // in order: reproducible files
    }
}
