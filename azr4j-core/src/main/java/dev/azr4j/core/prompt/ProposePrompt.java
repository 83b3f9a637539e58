package dev.azr4j.core.prompt;

import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.List;

/**
 * A proposer prompt and what it was built from: the references shown (abduction/deduction) or the
 * program whose inputs are requested (induction; null otherwise).
 */
public record ProposePrompt(TaskType type, String text, List<Triplet> references, Triplet program) {
    public ProposePrompt {
        references = List.copyOf(references);
    }
}
