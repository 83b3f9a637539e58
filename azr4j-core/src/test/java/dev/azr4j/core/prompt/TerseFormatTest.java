package dev.azr4j.core.prompt;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerseFormatTest {
    private static final PromptTemplates TERSE = new PromptTemplates(PromptStyle.TERSE, List.of("os"));
    private static final Triplet TASK = new Triplet("def f(a):\n    return a + 1", "3", "4", List.of());
    private static final InductionProblem IND = new InductionProblem("def f(a):\n    return a * 2",
            List.of("1", "2", "3", "4"), List.of("2", "4", "6", "8"), "double it", List.of());

    @Test
    void promptsAreTheBareMaterial() {
        assertEquals("P:def f(a):\n    return a + 1\nI:3\nO:", TERSE.solveDeduction(TASK));
        assertEquals("P:def f(a):\n    return a + 1\nO:4\nI:", TERSE.solveAbduction(TASK));
        assertEquals("I:1\nO:2\nI:2\nO:4\nM:double it\nP:def f(a):\n    return ", TERSE.solveInduction(IND));
        assertEquals("T:deduction\nP:def f(a):\n    return a + 1\nI:3\nO:4\nP:def f(a):\n    return ",
                TERSE.proposeProgram(TaskType.DEDUCTION, List.of(TASK)));
        assertEquals("T:inputs\nP:def f(a):\n    return a + 1\nI:", TERSE.proposeInputs(TASK, 4));
        assertEquals("anything", TERSE.wrap("anything"));
    }

    @Test
    void theBareVariantShowsOneLineProgramsAsTheirExpression() {
        PromptTemplates bare = new PromptTemplates(PromptStyle.BARE, List.of("os"));
        assertEquals("P:a + 1\nI:3\nO:", bare.solveDeduction(TASK));
        assertEquals("P:a + 1\nO:4\nI:", bare.solveAbduction(TASK));
        assertEquals("I:1\nO:2\nI:2\nO:4\nM:double it\nP:", bare.solveInduction(IND));
        assertEquals("T:deduction\nP:a + 1\nI:3\nO:4\nP:", bare.proposeProgram(TaskType.DEDUCTION, List.of(TASK)));
        assertEquals("T:inputs\nP:a + 1\nI:", bare.proposeInputs(TASK, 4));
        // a program of more than one line (a CRUXEval item) is shown whole: its expression alone would lose it
        Triplet twoLines = new Triplet("def f(a):\n    b = a + 1\n    return b", "3", "4", List.of());
        assertEquals("P:" + twoLines.program() + "\nI:3\nO:", bare.solveDeduction(twoLines));
        Triplet otherHead = new Triplet("def f(x):\n    return x", "3", "3", List.of());
        assertEquals("P:" + otherHead.program() + "\nI:3\nO:", bare.solveDeduction(otherHead));
        // the completions are the terse format's: the same answers read back as the same programs
        Response proposal = bare.read(TaskType.DEDUCTION, Role.PROPOSE, "abs(a) + 1\nI:-5\n");
        assertTrue(proposal.formatOk());
        assertEquals(TerseFormat.PROGRAM_HEAD + "abs(a) + 1", new ProposalParser(true).program(proposal).value().program());
        assertEquals(TERSE.solution(TaskType.INDUCTION, IND), bare.solution(TaskType.INDUCTION, IND));
        assertEquals(TERSE.proposal(TASK), bare.proposal(TASK));
        assertEquals("anything", bare.wrap("anything"));
        assertTrue(PromptStyle.BARE.terse() && PromptStyle.TERSE.terse() && !PromptStyle.COMPACT.terse());
    }

    @Test
    void solutionsReadBackAsTheKnownAnswer() {
        assertEquals("4", SolutionParser.output(TERSE.read(TaskType.DEDUCTION, Role.SOLVE, TERSE.solution(TaskType.DEDUCTION, TASK))));
        assertEquals("3", SolutionParser.input(TERSE.read(TaskType.ABDUCTION, Role.SOLVE, TERSE.solution(TaskType.ABDUCTION, TASK))));
        Response r = TERSE.read(TaskType.INDUCTION, Role.SOLVE, TERSE.solution(TaskType.INDUCTION, IND));
        assertTrue(r.formatOk());
        assertEquals(IND.program(), SolutionParser.program(r).value());
        assertNull(TerseFormat.solution(TaskType.INDUCTION, new InductionProblem("def f(x):\n    y = x\n    return y",
                List.of("1", "2"), List.of("1", "2"), "m", List.of())), "not a one-line program: no terse answer");
    }

    @Test
    void theCanonicalFormatsSolutionParsesToo() {
        PromptTemplates full = new PromptTemplates(PromptStyle.FULL, List.of());
        String s = full.solution(TaskType.DEDUCTION, TASK);
        Response r = full.read(TaskType.DEDUCTION, Role.SOLVE, s);
        assertTrue(r.formatOk(), s);
        assertEquals("4", SolutionParser.output(r));
    }

    @Test
    void proposalsReadAsProgramAndInput() {
        Response r = TERSE.read(TaskType.DEDUCTION, Role.PROPOSE, "abs(a) + 1\nI:-5\n");
        assertTrue(r.formatOk());
        var p = new ProposalParser(true).program(r);
        assertTrue(p.isOk(), p.toString());
        assertEquals("def f(a):\n    return abs(a) + 1", p.value().program());
        assertEquals("-5", p.value().input());
        Response inputs = TERSE.read(TaskType.INDUCTION, Role.PROPOSE, "1\nI:[2, 3]\nI:'ab'\nI:0\nM:sum or length\n");
        assertTrue(inputs.formatOk());
        var ip = new ProposalParser(true).inputs(inputs, 4);
        assertTrue(ip.isOk(), ip.toString());
        assertEquals(List.of("1", "[2, 3]", "'ab'", "0"), ip.value().inputs());
        assertEquals("sum or length", ip.value().message());
    }

    @Test
    void unfinishedOrMalformedCompletionsAreNotWellFormatted() {
        assertFalse(TERSE.read(TaskType.DEDUCTION, Role.SOLVE, "12").formatOk(), "cut before its newline");
        assertFalse(TERSE.read(TaskType.DEDUCTION, Role.SOLVE, "\n").formatOk(), "empty answer");
        assertFalse(TERSE.read(TaskType.DEDUCTION, Role.PROPOSE, "a + 1\n").formatOk(), "no input");
        assertFalse(TERSE.read(TaskType.DEDUCTION, Role.PROPOSE, "a + 1\nI:3").formatOk(), "input cut");
        assertFalse(TERSE.read(TaskType.INDUCTION, Role.PROPOSE, "1\nI:2\n").formatOk(), "no message");
        assertFalse(TERSE.read(TaskType.INDUCTION, Role.PROPOSE, "1\nI:2\nM:x").formatOk(), "message cut before its newline");
        assertFalse(TERSE.read(TaskType.INDUCTION, Role.PROPOSE, "1\nI:2\nX:3\nM:x\n").formatOk(), "a line that is neither input nor message");
        assertFalse(TERSE.read(TaskType.INDUCTION, Role.SOLVE, null).formatOk());
    }
}
