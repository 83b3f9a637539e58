package dev.azr4j.core.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.grammar.TerseGrammars;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The environment's repairs of rejected proposals: one-constant edits, varied induction inputs, the grammar check. */
class HindsightRepairsTest {
    @Test
    void literalEditsChangeExactlyOneConstant() {
        List<String> edits = HindsightRepairs.literalEdits("'d' in (a + 'd')", 100, new SplittableRandom(1));
        assertEquals(2 * 6, edits.size(), "each of the two letters, to each of the other six");
        assertTrue(edits.contains("'d' in (a + 'c')") && edits.contains("'o' in (a + 'd')"), edits.toString());
        assertFalse(edits.contains("'d' in (a + 'd')"), "never the program itself");
        List<String> ints = HindsightRepairs.literalEdits("a[1:].count(-2)", 100, new SplittableRandom(1));
        assertTrue(ints.contains("a[2:].count(-2)") && ints.contains("a[1:].count(3)"), ints.toString());
        assertTrue(ints.stream().noneMatch(e -> e.contains("--") || e.contains("count(-2-")), "a negative literal is one constant");
        assertEquals(2 * 14, ints.size(), "two ints, each to the other 14 of [-5, 9]");
        assertEquals(3, HindsightRepairs.literalEdits("(a * 2) % 2", 3, new SplittableRandom(2)).size(), "at most max");
        assertTrue(HindsightRepairs.literalEdits("sorted(a)", 5, new SplittableRandom(3)).isEmpty(), "no constant, no edit");
        assertNotEquals(HindsightRepairs.literalEdits("(a * 2) % 2", 28, new SplittableRandom(4)),
                HindsightRepairs.literalEdits("(a * 2) % 2", 28, new SplittableRandom(5)), "in random order");
    }

    @Test
    void inductionInputsGetCandidatesWithAnotherOutputAtTheirOddPlaces() {
        List<String> inputs = List.of("'o'", "'e'", "'oo'", "'b'", "'be'", "'d'");
        var repaired = HindsightRepairs.varyingInputs(inputs, "False",
                List.of("'ra'", "'r'", "'rr'", "'e'"), Arrays.asList("False", null, "True", "True"), 2);
        assertEquals(List.of("'o'", "'rr'", "'oo'", "'b'", "'be'", "'d'"), repaired.orElseThrow(),
                "the one candidate with another output (not a failed one, not one already there) at place 1");
        var two = HindsightRepairs.varyingInputs(inputs, "False", List.of("'r'", "'ar'", "'rd'"), List.of("True", "True", "True"), 2);
        assertEquals(List.of("'o'", "'r'", "'oo'", "'ar'", "'be'", "'d'"), two.orElseThrow(), "at most two, at places 1 and 3");
        assertTrue(HindsightRepairs.varyingInputs(inputs, "False", List.of("'a'"), List.of("False"), 2).isEmpty(),
                "nothing to repair with");
    }

    @Test
    void aRepairMustBeASentenceOfTheProposersGrammar() {
        HindsightRepairs r = new HindsightRepairs();
        var g = TerseGrammars.of(TaskType.DEDUCTION, Role.PROPOSE, 6);
        assertTrue(r.fits(g, "(a * 2) % 3\nI:5\n"));
        assertFalse(r.fits(g, "(a * 7) % 3\nI:5\n"), "the language multiplies by 2 to 5 only");
        assertFalse(r.fits(g, "(a * 2) % 3\nI:'x'\n"), "an int program's input is an int");
        assertTrue(r.fits(null, "anything"), "no grammar, no constraint");
        var inputs = TerseGrammars.inductionInputsLike("'ab'", 3);
        assertTrue(r.fits(inputs, "'ab'\nI:'r'\nI:'rb'\nM:count the r\n"));
        assertFalse(r.fits(inputs, "'ab'\nI:'r'\nI:'toolongword'\nM:count the r\n"), "words have at most 6 letters");
    }
}
