package dev.azr4j.model.grammar;

import dev.azr4j.model.grammar.GbnfAst.Alt;
import dev.azr4j.model.grammar.GbnfAst.CharClass;
import dev.azr4j.model.grammar.GbnfAst.Expr;
import dev.azr4j.model.grammar.GbnfAst.Literal;
import dev.azr4j.model.grammar.GbnfAst.Pos;
import dev.azr4j.model.grammar.GbnfAst.Repeat;
import dev.azr4j.model.grammar.GbnfAst.Rule;
import dev.azr4j.model.grammar.GbnfAst.RuleRef;
import dev.azr4j.model.grammar.GbnfAst.Seq;
import dev.azr4j.model.grammar.GbnfAst.TokenRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses GBNF, the grammar format of llama.cpp: {@code name ::= alternatives} rules, string literals
 * and character classes with the escapes {@code \n \r \t \\ \" \[ \] \- \^ \xNN}, backslash-u NNNN and backslash-U NNNNNNNN,
 * {@code .}, groups, {@code |}, the postfix operators {@code * + ?} and {@code {m} {m,} {m,n} {,n}},
 * {@code #} comments. A rule ends at the end of its line unless a group is open or the next line
 * starts with {@code |}. Tokens of the vocabulary are written {@code <[ID]>} or {@code <TEXT>}
 * (e.g. {@code <|im_end|>}), as llguidance does.
 */
final class GbnfParser {
    private static final int MAX_REPEAT = 10_000;

    private final String src;
    private final String source;
    private final int[] lineStarts;
    private int pos;
    private int depth;
    private String currentRule;

    private GbnfParser(String src, String source) {
        this.src = src;
        this.source = source;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < src.length(); i++) if (src.charAt(i) == '\n') starts.add(i + 1);
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The rules of {@code text}, in order of definition. */
    static List<Rule> parse(String text, String sourceName) {
        return new GbnfParser(text, sourceName).rules();
    }

    private List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        skipSpace(true);
        while (pos < src.length()) {
            Pos at = here();
            String name = name();
            if (name.isEmpty()) throw error(at, null, "expected a rule name, found " + describeHere());
            currentRule = name;
            skipSpace(false);
            if (!src.startsWith("::=", pos)) throw error(here(), name, "expected '::=' after the rule name, found " + describeHere());
            pos += 3;
            skipSpace(true);
            Expr body = alternatives(false);
            rules.add(new Rule(name, body, at));
            if (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                throw error(here(), name, "unexpected " + describeHere());
            }
            skipSpace(true);
        }
        return rules;
    }

    private Expr alternatives(boolean nested) {
        List<Expr> options = new ArrayList<>();
        options.add(sequence(nested));
        while (true) {
            int save = pos;
            if (!nested) skipSpace(true); // a line that starts with '|' continues the rule
            if (pos < src.length() && src.charAt(pos) == '|') {
                pos++;
                skipSpace(true);
                options.add(sequence(nested));
            } else {
                pos = save;
                break;
            }
        }
        return options.size() == 1 ? options.getFirst() : new Alt(List.copyOf(options));
    }

    private Expr sequence(boolean nested) {
        List<Expr> items = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            Expr item;
            if (c == '"') item = literal();
            else if (c == '[') item = charClass();
            else if (c == '.') {
                pos++;
                item = new CharClass(new int[0], new int[0], true);
            } else if (c == '(') {
                Pos open = here();
                if (++depth > GrammarBudget.MAX_NESTING) {
                    throw error(open, currentRule, "parentheses nested deeper than " + GrammarBudget.MAX_NESTING);
                }
                pos++;
                skipSpace(true);
                item = alternatives(true);
                skipSpace(true);
                if (pos >= src.length() || src.charAt(pos) != ')') throw error(open, currentRule, "unclosed '('");
                pos++;
                depth--;
            } else if (c == '<') item = token();
            else if (isNameChar(c)) {
                Pos at = here();
                String name = name();
                int save = pos;
                skipSpace(false);
                boolean isDefinition = src.startsWith("::=", pos);
                pos = save;
                if (isDefinition) throw error(at, currentRule, "unclosed '(' before the definition of '" + name + "'");
                item = new RuleRef(name, at);
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                throw error(here(), currentRule, "'" + c + "' follows nothing");
            } else break;
            item = postfix(item);
            items.add(item);
            skipSpace(nested);
        }
        return items.size() == 1 ? items.getFirst() : new Seq(List.copyOf(items));
    }

    private Expr postfix(Expr item) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '*') item = new Repeat(item, 0, -1);
            else if (c == '+') item = new Repeat(item, 1, -1);
            else if (c == '?') item = new Repeat(item, 0, 1);
            else if (c == '{') {
                item = braces(item);
                continue;
            } else break;
            pos++;
        }
        return item;
    }

    private Expr braces(Expr item) {
        Pos at = here();
        pos++;
        skipSpace(true);
        int min = number(0);
        int max;
        skipSpace(true);
        if (pos < src.length() && src.charAt(pos) == ',') {
            pos++;
            skipSpace(true);
            max = pos < src.length() && Character.isDigit(src.charAt(pos)) ? number(-1) : -1;
            if (min < 0) min = 0;
        } else {
            if (min < 0) throw error(at, currentRule, "expected a number after '{'");
            max = min;
        }
        skipSpace(true);
        if (pos >= src.length() || src.charAt(pos) != '}') throw error(at, currentRule, "malformed repetition: expected '}'");
        pos++;
        if (max >= 0 && max < min) throw error(at, currentRule, "malformed repetition: {" + min + "," + max + "} has max < min");
        if (min > MAX_REPEAT || max > MAX_REPEAT) throw error(at, currentRule, "repetition count above " + MAX_REPEAT);
        return new Repeat(item, min, max);
    }

    /** A decimal number, or {@code absent} when none is here. */
    private int number(int absent) {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        if (start == pos) return absent;
        try {
            return Integer.parseInt(src.substring(start, pos));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private Expr literal() {
        Pos at = here();
        pos++;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') throw error(at, currentRule, "unterminated string literal");
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            int cp = c == '\\' ? escape() : nextCodePoint();
            bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        return new Literal(bytes.toByteArray());
    }

    private Expr charClass() {
        Pos at = here();
        pos++;
        boolean negated = false;
        if (pos < src.length() && src.charAt(pos) == '^') {
            negated = true;
            pos++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') throw error(at, currentRule, "unterminated character class");
            char c = src.charAt(pos);
            if (c == ']') {
                pos++;
                break;
            }
            int lo = c == '\\' ? escape() : nextCodePoint();
            int hi = lo;
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                Pos dash = here();
                pos++;
                hi = src.charAt(pos) == '\\' ? escape() : nextCodePoint();
                if (hi < lo) throw error(dash, currentRule, "malformed character class: range " + show(lo) + "-" + show(hi) + " is reversed");
            }
            ranges.add(new int[] {lo, hi});
        }
        int[] los = new int[ranges.size()];
        int[] his = new int[ranges.size()];
        for (int i = 0; i < los.length; i++) {
            los[i] = ranges.get(i)[0];
            his[i] = ranges.get(i)[1];
        }
        return new CharClass(los, his, negated);
    }

    private Expr token() {
        Pos at = here();
        int close = src.indexOf('>', pos + 1);
        int eol = src.indexOf('\n', pos);
        if (close < 0 || (eol >= 0 && eol < close)) throw error(at, currentRule, "unterminated token: expected '>'");
        String inner = src.substring(pos + 1, close);
        pos = close + 1;
        if (inner.startsWith("[") && inner.endsWith("]")) {
            String digits = inner.substring(1, inner.length() - 1);
            if (!digits.matches("[0-9]{1,9}")) throw error(at, currentRule, "malformed token id <" + inner + ">: expected <[N]>");
            return new TokenRef(null, Integer.parseInt(digits), at);
        }
        if (inner.isEmpty()) throw error(at, currentRule, "empty token <>");
        return new TokenRef("<" + inner + ">", -1, at);
    }

    /** An escape sequence at {@code pos} (which holds the backslash); returns its code point. */
    private int escape() {
        Pos at = here();
        pos++;
        if (pos >= src.length()) throw error(at, currentRule, "malformed escape: '\\' at the end of the input");
        char c = src.charAt(pos++);
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '\\', '"', '[', ']', '-', '^', '\'', '/', '.' -> c;
            case 'x' -> hex(2, at);
            case 'u' -> hex(4, at);
            case 'U' -> hex(8, at);
            default -> throw error(at, currentRule, "malformed escape '\\" + c + "'");
        };
    }

    private int hex(int digits, Pos at) {
        if (pos + digits > src.length()) throw error(at, currentRule, "malformed escape: expected " + digits + " hex digits");
        String h = src.substring(pos, pos + digits);
        if (!h.matches("[0-9a-fA-F]+")) throw error(at, currentRule, "malformed escape: expected " + digits + " hex digits, found '" + h + "'");
        pos += digits;
        long v = Long.parseLong(h, 16);
        if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
            throw error(at, currentRule, "malformed escape: U+" + h.toUpperCase() + " is not a Unicode scalar value");
        }
        return (int) v;
    }

    private int nextCodePoint() {
        int cp = src.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }

    private String name() {
        int start = pos;
        while (pos < src.length() && isNameChar(src.charAt(pos))) pos++;
        return src.substring(start, pos);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Skips blanks and comments, and line breaks too when {@code newlines}. */
    private void skipSpace(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) pos++;
            else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (!newlines && c == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') break;
            else break;
        }
    }

    private Pos here() {
        int p = Math.min(pos, src.length());
        int i = java.util.Arrays.binarySearch(lineStarts, p);
        int line = i >= 0 ? i : -i - 2;
        return new Pos(line + 1, src.codePointCount(lineStarts[line], p) + 1);
    }

    private String describeHere() {
        if (pos >= src.length()) return "the end of the input";
        int cp = src.codePointAt(pos);
        return cp == '\n' ? "the end of the line" : "'" + new String(Character.toChars(cp)) + "'";
    }

    private static String show(int cp) {
        return cp < 0x20 || cp > 0x7e ? String.format("\\u%04X", cp) : "'" + (char) cp + "'";
    }

    private GrammarException error(Pos at, String rule, String problem) {
        return new GrammarException(source, at.line(), at.column(), rule, problem);
    }
}
