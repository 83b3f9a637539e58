package dev.azr4j.eval.data;

/** One benchmark item; {@link #id()} is unique within its file and keys the result rows. */
public sealed interface EvalItem permits CruxItem, InductionItem, HumanEvalItem, MbppItem, MathItem {
    String id();
}
