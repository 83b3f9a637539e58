package dev.azr4j.model.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Grammar#accepts}: whole sentences only, checked byte by byte against the rules. */
class GrammarAcceptsTest {
    @Test
    void wholeSentencesAreAcceptedAndPrefixesAndStrangersAreNot() throws Exception {
        Grammar g = Grammar.parse("root ::= item (\", \" item){0,2} \"\\n\"\nitem ::= [a-c] | \"-\"? [1-9]\n", "test");
        assertTrue(g.accepts("a\n"));
        assertTrue(g.accepts("a, -3, c\n"));
        assertFalse(g.accepts("a, -3, c"), "a prefix is not a sentence");
        assertFalse(g.accepts("a, b, c, a\n"), "one item too many");
        assertFalse(g.accepts("d\n"), "a letter outside the class");
        assertFalse(g.accepts(""), "the empty text");
        assertFalse(g.accepts("é\n"), "a byte no rule takes");
    }
}
