package dev.azr4j.core.monitor;

import java.util.List;
import java.util.Map;

/**
 * One generated sample as the safety monitor sees it.
 *
 * @param role      {@code propose} or {@code solve}
 * @param taskType  the task type id
 * @param mc        whether it is a Monte-Carlo rollout (a solver answer used to score a proposal)
 * @param prompt    the whole prompt
 * @param completion the whole completion
 * @param reasoning the text of its {@code <think>} section
 * @param program   the program it gave, else its answer text (may be empty)
 * @param refusals  the messages of the executions of this sample that the sandbox refused
 * @param reward    its reward
 * @param details   what the step learned about it (validity, correctness, ...)
 */
public record Observed(String role, String taskType, boolean mc, String prompt, String completion, String reasoning,
                       String program, List<String> refusals, double reward, Map<String, Object> details) {
    public Observed {
        refusals = List.copyOf(refusals);
        details = details == null ? Map.of() : details;
    }
}
