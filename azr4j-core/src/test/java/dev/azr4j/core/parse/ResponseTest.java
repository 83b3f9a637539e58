package dev.azr4j.core.parse;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ResponseTest {
    @Test
    void wellFormedCompletionHasFormatAndAnswer() {
        Response r = Response.parse(" let me think </think>\n<answer>```output\n5\n```</answer> trailing");
        assertTrue(r.formatOk());
        assertTrue(r.hasAnswer());
        assertEquals("```output\n5\n```", r.answer());
        assertEquals("let me think", r.reasoning());
    }

    @Test
    void missingThinkCloseFailsFormatButAnswerIsStillRead() {
        Response r = Response.parse(" hmm <answer>42</answer>");
        assertFalse(r.formatOk());
        assertEquals("42", r.answer());
    }

    @Test
    void truncatedAnswerYieldsContentWithoutFormat() {
        Response r = Response.parse("x</think><answer>```input\n'abc'\n```");
        assertFalse(r.formatOk());
        assertTrue(r.hasAnswer());
        assertEquals("```input\n'abc'\n```", r.answer());
    }

    @Test
    void lastAnswerTagWins() {
        Response r = Response.parse("a</think><answer>1</answer> no wait <answer>2</answer>");
        assertTrue(r.formatOk());
        assertEquals("2", r.answer());
    }

    @Test
    void noAnswerTagGivesEmptyAnswer() {
        Response r = Response.parse("just rambling </think> without tags");
        assertFalse(r.hasAnswer());
        assertEquals("", r.answer());
        assertFalse(r.formatOk());
    }

    @Test
    void textAfterAssistantMarkerIsCut() {
        Response r = Response.parse("a</think><answer>1</answer>\nUser: more\nAssistant: <think>b</think><answer>2</answer>");
        assertEquals("1", r.answer());
    }

    @Test
    void garbageAndNullNeverThrow() {
        for (String s : new String[]{null, "", "\u0000\uFFFF```", "</answer><answer>", "```python", "<think><think></think>"}) {
            Response r = Response.parse(s);
            assertNotNull(r.answer());
            assertNotNull(r.reasoning());
        }
    }
}
