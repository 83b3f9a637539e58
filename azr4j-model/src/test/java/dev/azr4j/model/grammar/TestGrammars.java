package dev.azr4j.model.grammar;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small grammars in llama.cpp's style, for the tests. */
final class TestGrammars {
    private TestGrammars() {}

    static final String ARITHMETIC = """
            root  ::= (expr "=" ws term "\\n")+
            expr  ::= term ([-+*/] term)*
            term  ::= ident | num | "(" ws expr ")" ws
            ident ::= [a-z] [a-z0-9_]* ws
            num   ::= [0-9]+ ws
            ws    ::= [ \\t\\n]*
            """;

    static final String LIST = """
            root ::= item+
            # Excludes various line break characters
            item ::= "- " [^\\r\\n\\x0b\\x0c\\x85\\u2028\\u2029]{1,6} "\\n"
            """;

    static final String JSON = """
            root   ::= object
            value  ::= object | array | string | number | ("true" | "false" | "null") ws
            object ::=
              "{" ws (
                        string ":" ws value
                ("," ws string ":" ws value)*
              )? "}" ws
            array  ::=
              "[" ws (
                        value
                ("," ws value)*
              )? "]" ws
            string ::=
              "\\"" (
                [^"\\\\\\x7F\\x00-\\x1F] |
                "\\\\" (["\\\\/bfnrt] | "u" [0-9a-fA-F]{4}) # escapes
              )* "\\"" ws
            number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws
            # Optional space: by convention, applied in this grammar after literal chars when allowed
            ws ::= | " " | "\\n" [ \\t]{0,20}
            """;

    static final String CHESS = """
            # Specifies chess moves as a list in algebraic notation, using PGN conventions
            root   ::= "1. " move " " move "\\n" ([1-9] [0-9]? ". " move " " move "\\n")*
            move   ::= (pawn | nonpawn | castle) [+#]?
            nonpawn ::= [NBKQR] [a-h]? [1-8]? "x"? [a-h] [1-8]
            pawn   ::= ([a-h] "x")? [a-h] [1-8] ("=" [NBKQR])?
            castle ::= "O-O" "-O"?
            """;

    static final String UNICODE = """
            root ::= greek ( "·" | [\\u4e00-\\u9fff]{1,2} | [\\U0001F600-\\U0001F64F] )* "!"
            greek ::= [α-ωΑ-Ω]+ [^a-z\\x00-\\x7f]?
            """;

    static final String REPEATS = """
            root ::= "a"{2} "b"{2,} "c"{,2} "d"{1,3} x? y*
            x ::= "x" | "xy"
            y ::= "" | "y" "z"?
            """;

    static final String NULLABLE = """
            root ::= ("a"? "b"?)* "c" | w w "." | dot
            w ::= "q"*
            dot ::= "<" .{0,2} ">"
            """;

    static final String SPECIAL = """
            root ::= "a"+ <|im_end|> "b"? | "z" <[257]> "y"
            """;

    static final String NESTED = """
            root ::= s
            s ::= "(" s ")" s | "[" s "]" s | ""
            """;

    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arithmetic", ARITHMETIC);
        m.put("list", LIST);
        m.put("json", JSON);
        m.put("chess", CHESS);
        m.put("unicode", UNICODE);
        m.put("repeats", REPEATS);
        m.put("nullable", NULLABLE);
        m.put("special", SPECIAL);
        m.put("nested", NESTED);
        return m;
    }
}
