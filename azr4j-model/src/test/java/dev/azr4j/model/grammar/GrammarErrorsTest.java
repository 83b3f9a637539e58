package dev.azr4j.model.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed grammars give one line with file, line, column and rule. */
class GrammarErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            root ::= "a" b => g.gbnf:1:14: rule 'root': undefined rule 'b'
            root ::= "a\\q" => g.gbnf:1:12: rule 'root': malformed escape '\\q'
            root ::= "\\x4" => g.gbnf:1:11: rule 'root': malformed escape: expected 2 hex digits, found '4"'
            root ::= [z-a] => g.gbnf:1:12: rule 'root': malformed character class: range 'z'-'a' is reversed
            root ::= [abc => g.gbnf:1:10: rule 'root': unterminated character class
            root ::= "abc => g.gbnf:1:10: rule 'root': unterminated string literal
            root ::= x\\nx ::= "a" x => g.gbnf:2:1: rule 'x': empty language: the rule matches no string (every alternative needs itself or an empty class)
            root ::= [^\\x00-\\U0010FFFF] => g.gbnf:1:1: rule 'root': empty language: the rule matches no string (every alternative needs itself or an empty class)
            root ::= e\\ne ::= e "+" "1" | "1" => g.gbnf:2:1: rule 'e': left recursion (e -> e): rewrite it with repetition, e.g. 'a ::= b (op b)*'
            start ::= "a" => g.gbnf:1:1: no 'root' rule (the start rule must be called root)
            root ::= ("a" | "b" => g.gbnf:1:10: rule 'root': unclosed '('
            root ::= "a"{3,1} => g.gbnf:1:13: rule 'root': malformed repetition: {3,1} has max < min
            root ::= "a"\\nroot ::= "b" => g.gbnf:2:1: rule 'root': defined twice (first at line 1)
            root = "a" => g.gbnf:1:6: rule 'root': expected '::=' after the rule name, found '='
            root ::= "\\uD800" => g.gbnf:1:11: rule 'root': malformed escape: U+D800 is not a Unicode scalar value
            """)
    void oneLineErrors(String gbnf, String message) {
        GrammarException e = assertThrows(GrammarException.class, () -> Grammar.parse(gbnf.replace("\\n", "\n").strip(), "g.gbnf"));
        assertEquals(message.strip(), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void unreachableRulesWarn() {
        Grammar g = Grammar.parse("root ::= \"a\"\nunused ::= \"b\"\n", "w.gbnf");
        assertEquals(List.of("w.gbnf:2:1: rule 'unused': warning: unreachable from root"), g.warnings());
    }

    @Test
    void unknownTokenIsAnErrorWhenBound() {
        GrammarException e = assertThrows(GrammarException.class,
                () -> Grammars.compile("root ::= \"a\" <|nope|>", "t.gbnf", dev.azr4j.model.tokenizer.ByteTokenizer.instance()));
        assertEquals("t.gbnf:1:14: the tokenizer has no token <|nope|>", e.getMessage());
    }

    @Test
    void missingFileNamesBothReadings() {
        GrammarException e = assertThrows(GrammarException.class, () -> Grammars.loadGrammar("/nonexistent/x.gbnf"));
        assertTrue(e.getMessage().startsWith("/nonexistent/x.gbnf:1:1: no such grammar file, and not a shipped grammar (json"), e.getMessage());
    }
}
