package dev.azr4j.eval.math;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small parser and evaluator for the LaTeX-ish expressions math answers are written in
 * (normalised by {@link MathNormalizer}): numbers, variables (a letter with an optional subscript,
 * Greek letters by name), {@code + - * / ^}, implicit products ({@code 2x}, {@code 3\sqrt{2}}),
 * {@code \frac}, {@code \sqrt[n]{}}, {@code \cdot}, {@code \times}, {@code \pi}, {@code e},
 * {@code \infty}, {@code !}, {@code |x|}, and {@code \sin \cos \tan \ln \log \exp} and friends.
 * Evaluation is in doubles: symbolic equality is checked at random points, not proved.
 */
public final class MathExpression {
    /** A parsed expression. */
    public sealed interface Node {
        double eval(Map<String, Double> vars);
    }

    record Num(double value) implements Node {
        public double eval(Map<String, Double> v) {
            return value;
        }
    }

    record Var(String name) implements Node {
        public double eval(Map<String, Double> v) {
            Double d = v.get(name);
            return d == null ? Double.NaN : d;
        }
    }

    record Bin(char op, Node a, Node b) implements Node {
        public double eval(Map<String, Double> v) {
            double x = a.eval(v), y = b.eval(v);
            return switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                case '/' -> x / y;
                case '^' -> Math.pow(x, y);
                default -> throw new IllegalStateException("op " + op);
            };
        }
    }

    record Fn(String name, Node arg) implements Node {
        public double eval(Map<String, Double> v) {
            double x = arg.eval(v);
            return switch (name) {
                case "neg" -> -x;
                case "sqrt" -> Math.sqrt(x);
                case "sin" -> Math.sin(x);
                case "cos" -> Math.cos(x);
                case "tan" -> Math.tan(x);
                case "cot" -> 1 / Math.tan(x);
                case "sec" -> 1 / Math.cos(x);
                case "csc" -> 1 / Math.sin(x);
                case "arcsin" -> Math.asin(x);
                case "arccos" -> Math.acos(x);
                case "arctan" -> Math.atan(x);
                case "ln" -> Math.log(x);
                case "log" -> Math.log10(x);
                case "exp" -> Math.exp(x);
                case "abs" -> Math.abs(x);
                case "fact" -> factorial(x);
                default -> throw new IllegalStateException("function " + name);
            };
        }
    }

    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos",
            "arctan", "ln", "log", "exp");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "phi",
            "omega", "sigma", "tau", "rho", "epsilon", "varepsilon", "varphi", "psi", "eta", "xi", "nu", "kappa", "zeta", "chi");

    private final String s;
    private int pos;

    private MathExpression(String s) {
        this.s = s;
    }

    /** The expression of {@code text} (already normalised), or null when it is not one this parser reads. */
    public static Node parse(String text) {
        if (text == null || text.isBlank()) return null;
        MathExpression p = new MathExpression(text.replace(" ", ""));
        try {
            Node n = p.expr();
            return p.pos == p.s.length() ? n : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The variables an expression uses, sorted. */
    public static Set<String> variables(Node n) {
        Set<String> out = new TreeSet<>();
        collect(n, out);
        return out;
    }

    private static void collect(Node n, Set<String> out) {
        switch (n) {
            case Var v -> out.add(v.name());
            case Bin b -> {
                collect(b.a(), out);
                collect(b.b(), out);
            }
            case Fn f -> collect(f.arg(), out);
            case Num ignored -> { }
        }
    }

    private Node expr() {
        Node left = term();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '+' || c == '-') {
                pos++;
                left = new Bin(c, left, term());
            } else if (s.startsWith("\\pm", pos)) {
                return null;   // ± has two values: not a single expression
            } else {
                break;
            }
        }
        return left;
    }

    private Node term() {
        Node left = unary();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '*' || c == '/') {
                pos++;
                left = new Bin(c, left, unary());
            } else if (s.startsWith("\\cdot", pos) || s.startsWith("\\times", pos)) {
                pos += s.startsWith("\\cdot", pos) ? 5 : 6;
                left = new Bin('*', left, unary());
            } else if (s.startsWith("\\div", pos)) {
                pos += 4;
                left = new Bin('/', left, unary());
            } else if (startsAtom()) {
                left = new Bin('*', left, power());   // implicit product: 2x, 3\sqrt{2}, (a)(b)
            } else {
                break;
            }
        }
        return left;
    }

    private Node unary() {
        if (pos < s.length() && s.charAt(pos) == '-') {
            pos++;
            return new Fn("neg", unary());
        }
        if (pos < s.length() && s.charAt(pos) == '+') {
            pos++;
            return unary();
        }
        return power();
    }

    private Node power() {
        Node base = postfix(atom());
        if (pos < s.length() && s.charAt(pos) == '^') {
            pos++;
            Node exp;
            if (pos < s.length() && s.charAt(pos) == '{') exp = group();
            else if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
                exp = new Fn("neg", postfix(atom()));
            } else exp = singleToken();
            return new Bin('^', base, exp);
        }
        return base;
    }

    private Node postfix(Node n) {
        while (pos < s.length() && s.charAt(pos) == '!') {
            pos++;
            n = new Fn("fact", n);
        }
        return n;
    }

    /** The exponent without braces: one digit, one letter or one atom ({@code x^2y} is {@code x^2 * y}). */
    private Node singleToken() {
        char c = s.charAt(pos);
        if (Character.isDigit(c)) {
            pos++;
            return new Num(c - '0');
        }
        return atom();
    }

    private boolean startsAtom() {
        if (pos >= s.length()) return false;
        char c = s.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '(' || c == '{' || c == '.') return true;
        if (c == '\\') {
            for (String cmd : new String[] {"\\cdot", "\\times", "\\div", "\\pm", "\\cup", "\\cap", "\\le", "\\ge", "\\ne"})
                if (s.startsWith(cmd, pos)) return false;
            return true;
        }
        return false;
    }

    private Node atom() {
        if (pos >= s.length()) throw new IllegalArgumentException("end of input");
        char c = s.charAt(pos);
        if (Character.isDigit(c) || c == '.') return number();
        if (c == '(' || c == '[') {
            char close = c == '(' ? ')' : ']';
            pos++;
            Node n = expr();
            expect(close);
            return n;
        }
        if (c == '{') return group();
        if (c == '|') {
            pos++;
            Node n = expr();
            expect('|');
            return new Fn("abs", n);
        }
        if (c == '\\') return command();
        if (Character.isLetter(c)) {
            pos++;
            String name = String.valueOf(c);
            if (c == 'e' && !subscriptFollows()) return new Num(Math.E);
            return new Var(name + subscript());
        }
        throw new IllegalArgumentException("unexpected '" + c + "'");
    }

    private boolean subscriptFollows() {
        return pos < s.length() && s.charAt(pos) == '_';
    }

    private String subscript() {
        if (!subscriptFollows()) return "";
        pos++;
        if (pos < s.length() && s.charAt(pos) == '{') {
            int end = s.indexOf('}', pos);
            if (end < 0) throw new IllegalArgumentException("unclosed subscript");
            String sub = s.substring(pos + 1, end);
            pos = end + 1;
            return "_" + sub;
        }
        return "_" + s.charAt(pos++);
    }

    private Node command() {
        int start = ++pos;
        while (pos < s.length() && Character.isLetter(s.charAt(pos))) pos++;
        String name = s.substring(start, pos);
        switch (name) {
            case "frac" -> {
                Node a = group();
                Node b = group();
                return new Bin('/', a, b);
            }
            case "sqrt" -> {
                Node index = null;
                if (pos < s.length() && s.charAt(pos) == '[') {
                    pos++;
                    index = expr();
                    expect(']');
                }
                Node radicand = pos < s.length() && s.charAt(pos) == '{' ? group() : atom();
                return index == null ? new Fn("sqrt", radicand) : new Bin('^', radicand, new Bin('/', new Num(1), index));
            }
            case "pi" -> {
                return new Num(Math.PI);
            }
            case "infty" -> {
                return new Num(Double.POSITIVE_INFINITY);
            }
            default -> {
                if (FUNCTIONS.contains(name)) {
                    Node exponent = null;
                    if (pos < s.length() && s.charAt(pos) == '^') {   // \sin^2 x
                        pos++;
                        exponent = pos < s.length() && s.charAt(pos) == '{' ? group() : singleToken();
                    }
                    Node arg = pos < s.length() && (s.charAt(pos) == '(' || s.charAt(pos) == '{') ? atom() : power();
                    Node f = new Fn(name, arg);
                    return exponent == null ? f : new Bin('^', f, exponent);
                }
                if (GREEK.contains(name)) return new Var(name + subscript());
                throw new IllegalArgumentException("unknown command \\" + name);
            }
        }
    }

    private Node group() {
        expect('{');
        Node n = expr();
        expect('}');
        return n;
    }

    private Node number() {
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
        String text = s.substring(start, pos);
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E') && pos + 1 < s.length()
                && (Character.isDigit(s.charAt(pos + 1)) || ((s.charAt(pos + 1) == '-' || s.charAt(pos + 1) == '+')
                && pos + 2 < s.length() && Character.isDigit(s.charAt(pos + 2))))) {
            int e = pos + 1;
            if (s.charAt(e) == '-' || s.charAt(e) == '+') e++;
            while (e < s.length() && Character.isDigit(s.charAt(e))) e++;
            text = s.substring(start, e);
            pos = e;
        }
        return new Num(Double.parseDouble(text));
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) throw new IllegalArgumentException("expected '" + c + "'");
        pos++;
    }

    private static double factorial(double x) {
        if (x < 0 || x != Math.rint(x) || x > 170) return Double.NaN;
        double r = 1;
        for (int i = 2; i <= x; i++) r *= i;
        return r;
    }
}
