package dev.azr4j.eval.data;

/** A CRUXEval-format item: {@code code} defines {@code f}; {@code input} is argument-list text, {@code output} a literal. */
public record CruxItem(String id, String code, String input, String output, CruxTask task) implements EvalItem {}
