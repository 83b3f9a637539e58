package dev.azr4j.eval.data;

import java.util.List;

/**
 * A probe item asking for a program ({@code "task": "program"}): the solver sees the first half of
 * the input/output pairs and the message and writes {@code f}; it is graded on the second half.
 */
public record InductionItem(String id, String code, List<String> inputs, List<String> outputs, String message) implements EvalItem {
    public InductionItem {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
