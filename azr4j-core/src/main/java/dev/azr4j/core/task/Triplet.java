package dev.azr4j.core.task;

import java.util.List;
import java.util.Objects;

/**
 * An abduction/deduction task: a program defining {@code f}, an input (the argument-list text that
 * goes between the parentheses of {@code f(...)}) and the output ({@code repr(f(input))} as computed
 * by the executor). {@code imports} are the program's top-level import lines.
 */
public record Triplet(String program, String input, String output, List<String> imports) implements Task {
    public Triplet {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        imports = imports == null ? List.of() : List.copyOf(imports);
    }

    /** The identity program every run starts from when no seed file is given. */
    public static Triplet identity() {
        return new Triplet("def f(a):\n    return a", "\"Hello world\"", "\"Hello world\"", List.of());
    }
}
