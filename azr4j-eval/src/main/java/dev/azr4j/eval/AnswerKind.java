package dev.azr4j.eval;

/**
 * What an evaluation prompt asks for. A decoder that constrains answers to a grammar (a model
 * trained under one) picks its grammar from this: the deduction solver's for {@code OUTPUT}, the
 * abduction solver's for {@code INPUT}; {@code PROGRAM} and {@code TEXT} are not constrained.
 */
public enum AnswerKind { OUTPUT, INPUT, PROGRAM, TEXT }
