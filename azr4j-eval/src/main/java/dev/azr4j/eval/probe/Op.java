package dev.azr4j.eval.probe;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One operation of a probe program, from a value of type {@code in} to one of type {@code out}:
 * a factory of {@link Step}s, each with its constants drawn.
 */
record Op(String name, PyType in, PyType out, Function<SplittableRandom, Step> draw) {

    /**
     * An operation with its constants: {@code pattern} holds {@code {}} for the operand and
     * {@code {v}} for a comprehension's variable.
     *
     * @param delimited whether the operand stands where no parenthesis is needed (a call's argument, after {@code in})
     * @param atom      whether the result needs no parenthesis as another operation's operand
     * @param nonEmpty  whether the operand must not be empty ({@code max}, {@code [0]})
     * @param hint      a constant the argument should sometimes contain (a searched character, a counted element), or null
     */
    record Step(String name, String pattern, String description, boolean delimited, boolean atom, boolean nonEmpty, Object hint) {
        /** The expression applying this step to {@code operand} ({@code operandAtom}: whether it needs no parenthesis). */
        String apply(String operand, boolean operandAtom, String var) {
            String o = delimited || operandAtom ? operand : "(" + operand + ")";
            return pattern.replace("{v}", var).replace("{}", o);
        }
    }
}
