package dev.azr4j.core.gate;

import dev.azr4j.core.parse.PythonSource;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Python literal values as far as task inputs and the executor's reprs use them: ints, floats,
 * strings, booleans, None, lists, tuples, sets and dicts, and argument lists of them (with
 * optional {@code name=} keywords). Anything else (expressions, bytes, raw or triple-quoted
 * strings) does not parse, and the caller treats the text as opaque.
 */
public sealed interface PyLiteral {
    record Int(BigInteger value) implements PyLiteral {}

    record Float(double value) implements PyLiteral {}

    record Str(String value) implements PyLiteral {}

    record Bool(boolean value) implements PyLiteral {}

    record None() implements PyLiteral {}

    enum SeqKind { LIST, TUPLE, SET }

    record Seq(SeqKind kind, List<PyLiteral> items) implements PyLiteral {
        public Seq {
            items = List.copyOf(items);
        }
    }

    record Dict(List<PyLiteral> keys, List<PyLiteral> values) implements PyLiteral {
        public Dict {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
        }
    }

    /** One argument of an argument list: a value, with its keyword or null. */
    record Arg(String keyword, PyLiteral value) {}

    /** Python source for the value; parsing it gives an equal value. */
    default String render() {
        StringBuilder b = new StringBuilder();
        Render.append(this, b);
        return b.toString();
    }

    /** The value of {@code text} when it is one literal and nothing else. */
    static Optional<PyLiteral> parse(String text) {
        try {
            Parser p = new Parser(text);
            PyLiteral v = p.value();
            p.skipSpace();
            return p.atEnd() ? Optional.of(v) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The arguments of an argument list such as {@code 1, 'a', k=[2]}; empty when it is not one of literals. */
    static Optional<List<Arg>> parseArgs(String text) {
        try {
            return Optional.of(new Parser(text).args());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An argument list's source. */
    static String renderArgs(List<Arg> args) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) b.append(", ");
            if (args.get(i).keyword() != null) b.append(args.get(i).keyword()).append('=');
            Render.append(args.get(i).value(), b);
        }
        return b.toString();
    }

    final class Render {
        private Render() {}

        static void append(PyLiteral v, StringBuilder b) {
            switch (v) {
                case Int i -> b.append(i.value());
                case Float f -> b.append(floatText(f.value()));
                case Str s -> b.append(PythonSource.stringLiteral(s.value()));
                case Bool x -> b.append(x.value() ? "True" : "False");
                case None n -> b.append("None");
                case Seq s -> {
                    if (s.kind() == SeqKind.SET && s.items().isEmpty()) {
                        b.append("set()");
                        return;
                    }
                    b.append(switch (s.kind()) { case LIST -> '['; case TUPLE -> '('; case SET -> '{'; });
                    for (int k = 0; k < s.items().size(); k++) {
                        if (k > 0) b.append(", ");
                        append(s.items().get(k), b);
                    }
                    if (s.kind() == SeqKind.TUPLE && s.items().size() == 1) b.append(',');
                    b.append(switch (s.kind()) { case LIST -> ']'; case TUPLE -> ')'; case SET -> '}'; });
                }
                case Dict d -> {
                    b.append('{');
                    for (int k = 0; k < d.keys().size(); k++) {
                        if (k > 0) b.append(", ");
                        append(d.keys().get(k), b);
                        b.append(": ");
                        append(d.values().get(k), b);
                    }
                    b.append('}');
                }
            }
        }

        private static String floatText(double d) {
            if (Double.isNaN(d)) return "float('nan')";
            if (Double.isInfinite(d)) return d > 0 ? "float('inf')" : "float('-inf')";
            return Double.toString(d);   // 1.5, 1.0E10: both Python float literals
        }
    }

    /** A recursive-descent parser over the literal grammar above. */
    final class Parser {
        private final String s;
        private int i;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private IllegalArgumentException fail() {
            return new IllegalArgumentException("not a literal at " + i);
        }

        private char peek() {
            if (atEnd()) throw fail();
            return s.charAt(i);
        }

        List<Arg> args() {
            List<Arg> out = new ArrayList<>();
            skipSpace();
            while (!atEnd()) {
                String keyword = null;
                int save = i;
                String name = identifier();
                skipSpace();
                if (name != null && !atEnd() && peek() == '=' && (i + 1 >= s.length() || s.charAt(i + 1) != '=')) {
                    keyword = name;
                    i++;
                } else {
                    i = save;
                }
                out.add(new Arg(keyword, value()));
                skipSpace();
                if (atEnd()) break;
                if (peek() != ',') throw fail();
                i++;
                skipSpace();
            }
            return out;
        }

        private String identifier() {
            int start = i;
            if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                return s.substring(start, i);
            }
            return null;
        }

        PyLiteral value() {
            if (++depth > 64) throw fail();
            try {
                skipSpace();
                char c = peek();
                if (c == '[') return seq(SeqKind.LIST, ']');
                if (c == '(') return seq(SeqKind.TUPLE, ')');
                if (c == '{') return braces();
                if (c == '\'' || c == '"') return new Str(string());
                if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) return number();
                String word = identifier();
                if ("True".equals(word)) return new Bool(true);
                if ("False".equals(word)) return new Bool(false);
                if ("None".equals(word)) return new None();
                throw fail();
            } finally {
                depth--;
            }
        }

        private PyLiteral seq(SeqKind kind, char close) {
            i++;
            List<PyLiteral> items = new ArrayList<>();
            boolean trailingComma = false;
            skipSpace();
            while (peek() != close) {
                items.add(value());
                skipSpace();
                trailingComma = false;
                if (peek() == ',') {
                    i++;
                    trailingComma = true;
                    skipSpace();
                } else if (peek() != close) {
                    throw fail();
                }
            }
            i++;
            // (x) is x, not a tuple
            if (kind == SeqKind.TUPLE && items.size() == 1 && !trailingComma) return items.getFirst();
            return new Seq(kind, items);
        }

        private PyLiteral braces() {
            i++;
            skipSpace();
            if (peek() == '}') {
                i++;
                return new Dict(List.of(), List.of());
            }
            PyLiteral first = value();
            skipSpace();
            if (peek() == ':') {
                List<PyLiteral> keys = new ArrayList<>(List.of(first));
                List<PyLiteral> values = new ArrayList<>();
                while (true) {
                    i++;   // ':'
                    values.add(value());
                    skipSpace();
                    if (peek() == ',') {
                        i++;
                        skipSpace();
                    }
                    if (peek() == '}') {
                        i++;
                        return new Dict(keys, values);
                    }
                    keys.add(value());
                    skipSpace();
                    if (peek() != ':') throw fail();
                }
            }
            List<PyLiteral> items = new ArrayList<>(List.of(first));
            while (true) {
                if (peek() == ',') {
                    i++;
                    skipSpace();
                }
                if (peek() == '}') {
                    i++;
                    return new Seq(SeqKind.SET, items);
                }
                items.add(value());
                skipSpace();
            }
        }

        private PyLiteral number() {
            int start = i;
            boolean negative = false;
            while (peek() == '-' || peek() == '+') {
                if (s.charAt(i) == '-') negative = !negative;
                i++;
                skipSpace();
            }
            int digits = i;
            boolean isFloat = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isDigit(c) || c == '_') i++;
                else if (c == '.' || c == 'e' || c == 'E') {
                    isFloat = true;
                    i++;
                    if ((c == 'e' || c == 'E') && i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
                } else break;
            }
            String text = s.substring(digits, i).replace("_", "");
            if (text.isEmpty() || i == start) throw fail();
            if (i < s.length() && Character.isLetter(s.charAt(i))) throw fail();   // 0x10, 1j, 3L: not supported
            try {
                if (isFloat) {
                    double d = Double.parseDouble(text);
                    return new Float(negative ? -d : d);
                }
                if (text.length() > 1 && text.startsWith("0") && !text.chars().allMatch(ch -> ch == '0')) throw fail();
                BigInteger v = new BigInteger(text);
                return new Int(negative ? v.negate() : v);
            } catch (NumberFormatException e) {
                throw fail();
            }
        }

        private String string() {
            char quote = s.charAt(i);
            if (s.startsWith(String.valueOf(quote).repeat(3), i)) throw fail();
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = peek();
                i++;
                if (c == quote) break;
                if (c == '\n') throw fail();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = peek();
                i++;
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '0' -> b.append('\0');
                    case '\\', '\'', '"' -> b.append(e);
                    case 'x' -> b.append((char) hex(2));
                    case 'u' -> b.append((char) hex(4));
                    case 'U' -> b.appendCodePoint(hex(8));
                    default -> throw fail();
                }
            }
            // adjacent literals concatenate: 'a' 'b'
            int save = i;
            skipSpace();
            if (!atEnd() && (peek() == '\'' || peek() == '"')) return b + string();
            i = save;
            return b.toString();
        }

        private int hex(int n) {
            if (i + n > s.length()) throw fail();
            try {
                int v = Integer.parseInt(s.substring(i, i + n), 16);
                i += n;
                if (v > Character.MAX_CODE_POINT) throw fail();
                return v;
            } catch (NumberFormatException e) {
                throw fail();
            }
        }
    }
}
