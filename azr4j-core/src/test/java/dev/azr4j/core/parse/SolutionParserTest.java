package dev.azr4j.core.parse;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SolutionParserTest {
    private static Response answer(String body) {
        return Response.parse("t</think><answer>" + body + "</answer>");
    }

    @Test
    void lastBlockWins() {
        assertEquals("'b'", SolutionParser.output(answer("```output\n'a'\n```\nwait\n```output\n'b'\n```")));
        assertEquals("1, 2", SolutionParser.input(answer("```input\n1, 2\n```")));
    }

    @Test
    void fallbacks() {
        assertEquals("[1, 2]", SolutionParser.output(answer("# Output: [1, 2]")));
        assertEquals("'x'", SolutionParser.input(answer("<input>'x'</input>")));
        assertEquals("7", SolutionParser.output(answer("The output is 7")));
        assertEquals("{'a': 1}", SolutionParser.output(answer("{'a': 1}")));
        assertEquals("", SolutionParser.output(Response.parse("nothing at all")));
    }

    @Test
    void programIsTheLastCodeBlock() {
        Parsed<String> p = SolutionParser.program(answer("```python\ndef f(a): return 1\n```\n```python\ndef f(a): return 2\n```"));
        assertEquals("def f(a): return 2", p.value());
        assertEquals(ParseFailure.NO_CODE_BLOCK, SolutionParser.program(answer("def f(a): return a")).failure());
        assertEquals(ParseFailure.NO_ANSWER, SolutionParser.program(Response.parse("```python\ndef f(a): return a\n```")).failure());
    }

    @Test
    void fencesIgnoreUnclosedAndReadTags() {
        var all = Fences.all("```Python\nx\n```\n```input_0\n1\n```\n```output");
        assertEquals(2, all.size());
        assertEquals("python", all.get(0).tag());
        assertEquals("input_0", all.get(1).tag());
    }

    @Test
    void stringLiteralEscapes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u00e9\"", PythonSource.stringLiteral("a\"b\\c\nd\u00e9"));
    }
}
