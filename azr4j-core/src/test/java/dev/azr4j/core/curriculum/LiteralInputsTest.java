package dev.azr4j.core.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralInputsTest {

    private static String program(String body) {
        return "def f(a):\n    return " + body;
    }

    @Test
    void listsGetTheProgramsIntsAppendedThenSortedThenPalindromic() {
        assertEquals(List.of("[3, 1, -2]", "[3, 1, 4]", "[3, 1, 1]", "[1, 3]", "[3, 1, 1, 3]"),
                LiteralInputs.of(program("-2 in a or a.count(4) > 1"), "[3, 1]", Type.LIST, 8));
        assertEquals(List.of("[3, 1, -2]", "[3, 1, 4]"),
                LiteralInputs.of(program("-2 in a or a.count(4) > 1"), "[3, 1]", Type.LIST, 2), "at most max");
    }

    @Test
    void wordsGetTheProgramsWordsInFrontThenAPalindrome() {
        assertEquals(List.of("'ecab'", "'cabbac'"), LiteralInputs.of(program("a.count('e') + 1"), "'cab'", Type.STR, 8));
        assertEquals(List.of("'abba'"), LiteralInputs.of(program("a == a[::-1]"), "'ab'", Type.STR, 8),
                "no constants: the palindrome alone");
    }

    @Test
    void intsGetTheProgramsIntsAndTheirNeighboursButNeverTheProposersInput() {
        assertEquals(List.of("7", "-3", "8", "6", "-2", "-4"), LiteralInputs.of(program("a == 7 or a < -3"), "5", Type.INT, 8));
        assertEquals(List.of("8", "6"), LiteralInputs.of(program("a == 7"), "7", Type.INT, 8), "the proposer's input is left out");
    }

    @Test
    void namesAndSlicesAreNotMistakenForNegativeNumbers() {
        assertEquals(List.of("[5, 1]", "[5, 5]"), LiteralInputs.of(program("a[1:] + a2"), "[5]", Type.LIST, 8));
        assertEquals(List.of(), LiteralInputs.of(program("a"), "[5]", Type.LIST, 0), "0 is off");
    }

    @Test
    void edgesAreTheDomainsEndsAndTheProgramsConstantsAlone() {
        assertEquals(List.of("-20", "20", "0"), LiteralInputs.edges(program("max(a - 6, 4)"), "3", Type.INT));
        assertEquals(List.of("-20", "0"), LiteralInputs.edges(program("a > 15"), "20", Type.INT), "never the proposer's input");
        assertEquals(List.of("'bbbbbb'", "'cab'"), LiteralInputs.edges(program("a.count('b') > 1"), "'ca'", Type.STR));
        assertEquals(List.of(), LiteralInputs.edges(program("len(a) % 2"), "'ca'", Type.STR), "a word without letter constants has no edge");
        assertEquals(List.of("[8]", "[-9]", "[9]"), LiteralInputs.edges(program("max(a + [8])"), "[1, 2]", Type.LIST));
    }
}
