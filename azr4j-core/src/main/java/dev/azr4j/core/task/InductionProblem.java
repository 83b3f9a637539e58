package dev.azr4j.core.task;

import dev.azr4j.executor.IoPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An induction task: a program with inputs, their outputs and a message describing it. The solver
 * sees the first half of the pairs ({@link #given()}) and the message and must write a program that
 * also maps the second half ({@link #hidden()}) correctly. The split is by position, no shuffling.
 */
public record InductionProblem(String program, List<String> inputs, List<String> outputs, String message,
                               List<String> imports) implements Task {
    public InductionProblem {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(message, "message");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        imports = imports == null ? List.of() : List.copyOf(imports);
        if (inputs.size() != outputs.size())
            throw new IllegalArgumentException("inputs and outputs differ in number: " + inputs.size() + " vs " + outputs.size());
    }

    /** The pairs shown to the solver: positions {@code [0, n/2)}. */
    public List<IoPair> given() {
        return pairs(0, inputs.size() / 2);
    }

    /** The pairs the solver's program is checked on: positions {@code [n/2, n)}. */
    public List<IoPair> hidden() {
        return pairs(inputs.size() / 2, inputs.size());
    }

    private List<IoPair> pairs(int from, int to) {
        List<IoPair> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(new IoPair(inputs.get(i), outputs.get(i)));
        return out;
    }

    /** The hard-coded identity problem the original starts its induction buffer from (6 inputs). */
    public static InductionProblem identity() {
        List<String> io = List.of("\"Hello world\"", "1", "dict(a=1, b=2)", "(1.1, 1.2, 1.3)",
                "\"[[1, 0, 0], [0, 0, 0], [0, 0, 0]]\"", "1001101100010001");
        return new InductionProblem("def f(a):\n    return a", io, io,
                "Write a function that returns whatever you input", List.of());
    }
}
