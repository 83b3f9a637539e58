package dev.azr4j.model.grammar;

/**
 * The parse of the text so far, closed: the stacks whose top state can consume input itself (rule
 * references expanded, final frames popped), whether some stack can be popped empty (the text is a
 * sentence), and, in walks over {@link Frame#CONTEXT}, whether a stack can be popped into it.
 */
record ParseState(Frame[] active, boolean accepting, boolean poppedIntoContext) {}
