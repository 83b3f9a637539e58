package dev.azr4j.eval.data;

/** A HumanEval problem: the prompt (signature and docstring), the test code defining {@code check}, the entry point. */
public record HumanEvalItem(String id, String prompt, String test, String entryPoint, String canonicalSolution) implements EvalItem {}
