package dev.azr4j.model.grammar;

import java.time.Duration;

/**
 * What compiling one grammar may cost: repetitions unroll ({@code ("a"{10000}){10000}} is 10⁸
 * states) and determinising can multiply states, so a grammar from an untrusted client is compiled
 * under a budget and refused with a {@link GrammarException} beyond it.
 *
 * @param maxNfaStates   automaton states before determinising, all rules together
 * @param maxDfaStates   states after determinising, all rules together
 * @param maxSubsetItems the sizes of those states' sets added up (the memory determinising holds)
 * @param maxTime        wall time of the whole compile
 */
public record GrammarBudget(int maxNfaStates, int maxDfaStates, long maxSubsetItems, Duration maxTime) {
    /** For grammars the user wrote on the command line: only what keeps a mistake from exhausting the heap. */
    public static final GrammarBudget DEFAULT = new GrammarBudget(2_000_000, 1_000_000, 100_000_000L, Duration.ofDays(1));

    /** Parentheses nested deeper than this are refused (the parser and compiler recurse on them). */
    public static final int MAX_NESTING = 200;
}
