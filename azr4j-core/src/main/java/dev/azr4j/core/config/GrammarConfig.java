package dev.azr4j.core.config;

/**
 * The {@code selfplay.grammar} section: grammar-constrained decoding per role. Each role's value is
 * {@code none} (free decoding), {@code builtin} (azr4j's grammar of that role's whole response:
 * reasoning, then the answer section with its fenced blocks, see
 * {@code dev/azr4j/core/grammar/role-<type>-<role>.gbnf}), the name of a grammar the engine ships
 * ({@code json}, {@code python-literal}, ...) or a GBNF file. A grammar constrains the completion
 * that follows the prompt's {@code Assistant: <think>}.
 *
 * @param abductionPropose  abduction proposer (a program and one input)
 * @param abductionSolve    abduction solver (an input)
 * @param deductionPropose  deduction proposer (a program and one input)
 * @param deductionSolve    deduction solver (an output)
 * @param inductionPropose  induction proposer (the inputs and a message)
 * @param inductionSolve    induction solver (a program)
 * @param reasoningChars    longest reasoning section of the built-in grammars, in characters; 0 = unbounded
 */
public record GrammarConfig(
        String abductionPropose,
        String abductionSolve,
        String deductionPropose,
        String deductionSolve,
        String inductionPropose,
        String inductionSolve,
        @Range(min = 0) int reasoningChars) {

    /** No role constrained (the default for pretrained models until measured). */
    public static GrammarConfig defaults() {
        return new GrammarConfig("none", "none", "none", "none", "none", "none", 256);
    }
}
