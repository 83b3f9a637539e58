package dev.azr4j.eval.data;

import java.util.List;

/**
 * An MBPP+ task: its prompt, entry point and reference solution, the base and plus test inputs
 * (each one argument list, already as Python literal text) and the float tolerance.
 */
public record MbppItem(String id, String prompt, String entryPoint, String canonicalSolution,
                       List<String> baseInputs, List<String> plusInputs, double atol) implements EvalItem {
    public MbppItem {
        baseInputs = List.copyOf(baseInputs);
        plusInputs = List.copyOf(plusInputs);
    }
}
