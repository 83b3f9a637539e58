package dev.azr4j.model.grammar;

import java.util.List;

/** The syntax tree of a GBNF grammar, as written (before repetitions and classes are compiled). */
final class GbnfAst {
    private GbnfAst() {}

    /** A 1-based position in the source, for error messages. */
    record Pos(int line, int column) {}

    /** {@code name ::= body}. */
    record Rule(String name, Expr body, Pos pos) {}

    sealed interface Expr permits Alt, Seq, Literal, CharClass, RuleRef, TokenRef, Repeat {}

    /** {@code a | b | ...}. */
    record Alt(List<Expr> options) implements Expr {}

    /** {@code a b ...}; empty for the empty string. */
    record Seq(List<Expr> items) implements Expr {}

    /** A string literal, as UTF-8 bytes. */
    record Literal(byte[] utf8) implements Expr {}

    /**
     * A set of code points: the union of closed ranges {@code [lo[i], hi[i]]}, complemented when
     * {@code negated} ({@code .} is the negation of the empty set).
     */
    record CharClass(int[] lo, int[] hi, boolean negated) implements Expr {}

    record RuleRef(String name, Pos pos) implements Expr {}

    /** A single token of the vocabulary: {@code <[123]>} by id ({@code text} null) or {@code <|im_end|>} by text. */
    record TokenRef(String text, int id, Pos pos) implements Expr {}

    /** {@code body{min,max}}; {@code max} is -1 for no bound. */
    record Repeat(Expr body, int min, int max) implements Expr {}
}
