package dev.azr4j.core.parse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalParserTest {
    private final ProposalParser parser = new ProposalParser(true);

    private static Response answer(String body) {
        return Response.parse("plan</think> <answer>" + body + "</answer>");
    }

    @Test
    void readsProgramAndInputAndRenamesEntryToF() {
        Parsed<ProgramProposal> p = parser.program(answer("""
                ```python
                import math
                def solve(x):
                    return math.floor(x) + solve_count
                ```
                ```input
                3.5
                ```"""));
        assertTrue(p.isOk(), () -> String.valueOf(p.failure()));
        assertEquals("import math\ndef f(x):\n    return math.floor(x) + solve_count", p.value().program());
        assertEquals("3.5", p.value().input());
        assertEquals(List.of("import math"), p.value().imports());
    }

    @Test
    void inputBlockBeforeCodeStillFindsTheCode() {
        Parsed<ProgramProposal> p = parser.program(answer("```input\n1\n```\n```python\ndef f(a):\n    return a\n```"));
        assertTrue(p.isOk());
        assertEquals("1", p.value().input());
    }

    @Test
    void inputLineFallback() {
        Parsed<ProgramProposal> p = parser.program(answer("```python\ndef f(a):\n    return a\n```\n# Input: 'x', 2"));
        assertEquals("'x', 2", p.value().input());
    }

    @Test
    void failuresAreNamed() {
        assertEquals(ParseFailure.NO_ANSWER, parser.program(Response.parse("no tags")).failure());
        assertEquals(ParseFailure.NO_CODE_BLOCK, parser.program(answer("def f(a): return a")).failure());
        assertEquals(ParseFailure.NO_INPUT_BLOCK, parser.program(answer("```python\ndef f(a):\n    return a\n```")).failure());
        assertEquals(ParseFailure.EMPTY_INPUT, parser.program(answer("```python\ndef f(a):\n    return a\n```\n```input\n\n```")).failure());
        assertEquals(ParseFailure.NO_FUNCTION, parser.program(answer("```python\nx = 1\n```\n```input\n1\n```")).failure());
        assertEquals(ParseFailure.MULTIPLE_FUNCTIONS, parser.program(answer(
                "```python\ndef f(a):\n    def g(b):\n        return b\n    return g(a)\n```\n```input\n1\n```")).failure());
        assertEquals(ParseFailure.INPUT_CALL, parser.program(answer("```python\ndef f(a):\n    return input(a)\n```\n```input\n1\n```")).failure());
    }

    @Test
    void nestedFunctionsAllowedWhenNotRejected() {
        Parsed<ProgramProposal> p = new ProposalParser(false).program(answer(
                "```python\ndef f(a):\n    def g(b):\n        return b\n    return g(a)\n```\n```input\n1\n```"));
        assertTrue(p.isOk());
    }

    @Test
    void inputGuardIgnoresOtherNames() {
        Parsed<ProgramProposal> p = parser.program(answer("```python\ndef f(a):\n    return parse_input(a)\n```\n```input\n1\n```"));
        assertTrue(p.isOk());
    }

    @Test
    void truncatedCodeBlockIsNoBlock() {
        assertEquals(ParseFailure.NO_CODE_BLOCK, parser.program(Response.parse("x</think><answer>```python\ndef f(a):\n  return")).failure());
    }

    @Test
    void inductionKeepsTheLastNInputs() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) b.append("```input\n").append(i).append("\n```\n");
        b.append("```message\nadds nothing\n```");
        Parsed<InputsProposal> p = parser.inputs(answer(b.toString()), 10);
        assertTrue(p.isOk());
        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), p.value().inputs());
        assertEquals("adds nothing", p.value().message());
    }

    @Test
    void inductionNeedsEnoughInputsAndAMessage() {
        assertEquals(ParseFailure.TOO_FEW_INPUTS, parser.inputs(answer("```input\n1\n```\n```message\nm\n```"), 2).failure());
        assertEquals(ParseFailure.NO_MESSAGE, parser.inputs(answer("```input\n1\n```\n```input\n2\n```"), 2).failure());
        assertEquals("tagged", parser.inputs(answer("```input\n1\n```\n```input\n2\n```<message>tagged</message>"), 2).value().message());
        assertEquals("a line", parser.inputs(answer("```input\n1\n```\n```input\n2\n```\n# Message: a line"), 2).value().message());
    }
}
