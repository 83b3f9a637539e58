package dev.azr4j.model.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Grammars that would exhaust the heap, the stack or the time refused with a GrammarException; ambiguity bounded. */
class GrammarBudgetTest {
    private static final GrammarBudget SMALL = new GrammarBudget(100_000, 20_000, 2_000_000, Duration.ofSeconds(60));

    private static String refused(String gbnf, GrammarBudget budget) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(GrammarException.class, () -> Grammar.parse(gbnf, "g", budget)).getMessage());
    }

    @Test
    void nestedRepetitionsAreRefusedBeforeTheyUnroll() {
        String gbnf = "root ::= ((\"a\"{10000}){10000})\n";
        assertTrue(refused(gbnf, GrammarBudget.DEFAULT).contains("too large"));
        assertTrue(refused(gbnf, SMALL).contains("more than 100000 automaton states"));
    }

    @Test
    void anExplodingSubsetConstructionIsRefused() {
        // the n-th byte from the end: 2^n states once determinised
        String msg = refused("root ::= [ab]* \"a\" [ab]{20}\n", SMALL);
        assertTrue(msg.contains("after determinising") || msg.contains("entries"), msg);
        assertTrue(Grammar.parse("root ::= [ab]* \"a\" [ab]{3}\n", "g", SMALL).accepts("bbabab"));
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        int n = 100_000;
        String msg = refused("root ::= " + "(".repeat(n) + "\"a\"" + ")".repeat(n) + "\n", GrammarBudget.DEFAULT);
        assertTrue(msg.contains("nested deeper than " + GrammarBudget.MAX_NESTING), msg);
        int ok = GrammarBudget.MAX_NESTING;
        assertTrue(Grammar.parse("root ::= " + "(".repeat(ok) + "\"a\"" + ")".repeat(ok) + "\n", "g").accepts("a"));
    }

    @Test
    void theTimeBudgetIsKept() {
        String msg = refused("root ::= [a-z]+ \"x\"\n", new GrammarBudget(100_000, 20_000, 2_000_000, Duration.ZERO));
        assertTrue(msg.contains("took longer than 0 ms"), msg);
    }

    @Test
    void anAmbiguousGrammarHitsTheStackBoundInsteadOfDoublingForever() {
        // every 'a' may open p or q, whose ends differ: 2^n parses after n a's
        Grammar g = Grammar.parse("root ::= x\nx ::= p | q | \"\"\np ::= \"a\" x \"b\"\nq ::= \"a\" x \"c\"\n", "g");
        assertTrue(g.accepts("aabc"));
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IllegalStateException.class, () -> g.accepts("a".repeat(64))));
        assertTrue(e.getMessage().contains("too ambiguous"), e.getMessage());
        assertEquals(true, g.accepts("a".repeat(8) + "b".repeat(8)));
    }
}
