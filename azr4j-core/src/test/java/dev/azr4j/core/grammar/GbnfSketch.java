package dev.azr4j.core.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A test-only reading of GBNF, independent of the grammar engine: parses the subset the role
 * grammars use (literals with escapes, character classes, rule references, groups, {@code |},
 * {@code * + ?}, {@code {m}}, {@code {m,}}, {@code {m,n}}, comments) and draws random sentences of the
 * language, so the tests can check that every sentence parses with azr4j's own parsers and Python.
 */
final class GbnfSketch {
    sealed interface Node permits Alt, Seq, Lit, Cls, Ref, Rep {}
    record Alt(List<Node> options) implements Node {}
    record Seq(List<Node> items) implements Node {}
    record Lit(String text) implements Node {}
    record Cls(boolean negated, List<int[]> ranges) implements Node {}
    record Ref(String name) implements Node {}
    record Rep(Node node, int min, int max) implements Node {}   // max −1: unbounded

    final Map<String, Node> rules = new LinkedHashMap<>();
    private final String src;
    private int pos;

    GbnfSketch(String src) {
        this.src = src;
        skip(true);
        while (pos < src.length()) {
            String name = name();
            skip(false);
            expect("::=");
            Node body = alternatives(false);
            if (rules.put(name, body) != null) throw error("rule " + name + " defined twice");
            skip(true);
        }
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        for (int i = 0; i < pos && i < src.length(); i++) if (src.charAt(i) == '\n') line++;
        return new IllegalArgumentException("line " + line + ": " + what);
    }

    /** Skips blanks and comments; newlines only when {@code newlines}. */
    private void skip(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void expect(String s) {
        if (!src.startsWith(s, pos)) throw error("expected " + s);
        pos += s.length();
        skip(false);
    }

    private String name() {
        int from = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '-')) pos++;
        if (from == pos) throw error("expected a rule name");
        return src.substring(from, pos);
    }

    private Node alternatives(boolean nested) {
        List<Node> options = new ArrayList<>();
        options.add(sequence(nested));
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            skip(nested);
            options.add(sequence(nested));
        }
        return options.size() == 1 ? options.getFirst() : new Alt(options);
    }

    private Node sequence(boolean nested) {
        List<Node> items = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '|' || c == ')' || c == '\n') break;
            Node n;
            if (c == '"') n = literal();
            else if (c == '[') n = charClass();
            else if (c == '(') {
                pos++;
                skip(true);
                n = alternatives(true);
                if (pos >= src.length() || src.charAt(pos) != ')') throw error("expected )");
                pos++;
            } else n = new Ref(name());
            n = postfix(n);
            items.add(n);
            skip(nested);
        }
        return items.size() == 1 ? items.getFirst() : new Seq(items);
    }

    private Node postfix(Node n) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '*') n = new Rep(n, 0, -1);
            else if (c == '+') n = new Rep(n, 1, -1);
            else if (c == '?') n = new Rep(n, 0, 1);
            else if (c == '{') {
                int close = src.indexOf('}', pos);
                String[] parts = src.substring(pos + 1, close).split(",", -1);
                int min = Integer.parseInt(parts[0].strip());
                int max = parts.length == 1 ? min : parts[1].isBlank() ? -1 : Integer.parseInt(parts[1].strip());
                n = new Rep(n, min, max);
                pos = close;
            } else return n;
            pos++;
        }
        return n;
    }

    private int escaped() {
        char c = src.charAt(pos++);
        if (c != '\\') return c;
        char e = src.charAt(pos++);
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'x' -> {
                int v = Integer.parseInt(src.substring(pos, pos + 2), 16);
                pos += 2;
                yield v;
            }
            case '\\', '"', '\'', '[', ']', '-', '^' -> e;
            default -> throw error("malformed escape \\" + e);
        };
    }

    private Node literal() {
        pos++;
        StringBuilder b = new StringBuilder();
        while (src.charAt(pos) != '"') b.appendCodePoint(escaped());
        pos++;
        return new Lit(b.toString());
    }

    private Node charClass() {
        pos++;
        boolean negated = src.charAt(pos) == '^';
        if (negated) pos++;
        List<int[]> ranges = new ArrayList<>();
        while (src.charAt(pos) != ']') {
            int lo = escaped(), hi = lo;
            if (src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                hi = escaped();
            }
            ranges.add(new int[] {lo, hi});
        }
        pos++;
        return new Cls(negated, ranges);
    }

    /** Rule names referenced but not defined. */
    Set<String> undefined() {
        Set<String> out = new HashSet<>();
        for (Node n : rules.values()) refs(n, out);
        out.removeAll(rules.keySet());
        return out;
    }

    /** Rules not reachable from {@code root}. */
    Set<String> unreachable() {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of("root"));
        while (!todo.isEmpty()) {
            String r = todo.removeLast();
            if (!seen.add(r) || !rules.containsKey(r)) continue;
            Set<String> next = new HashSet<>();
            refs(rules.get(r), next);
            todo.addAll(next);
        }
        Set<String> out = new HashSet<>(rules.keySet());
        out.removeAll(seen);
        return out;
    }

    private static void refs(Node n, Set<String> out) {
        switch (n) {
            case Alt a -> a.options().forEach(o -> refs(o, out));
            case Seq s -> s.items().forEach(i -> refs(i, out));
            case Rep r -> refs(r.node(), out);
            case Ref r -> out.add(r.name());
            case Lit l -> { }
            case Cls c -> { }
        }
    }

    // ---- random sentences ----

    private final Map<Node, Integer> minDepth = new HashMap<>();

    private int depth(Node n) {
        return switch (n) {
            case Lit l -> 0;
            case Cls c -> 0;
            case Ref r -> minDepth.getOrDefault(rules.get(r.name()), 1_000_000) + 1;
            case Alt a -> a.options().stream().mapToInt(this::depth).min().orElseThrow();
            case Seq s -> s.items().stream().mapToInt(this::depth).max().orElse(0);
            case Rep r -> r.min() == 0 ? 0 : depth(r.node());
        };
    }

    private void computeDepths() {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Node body : rules.values()) {
                int d = Math.min(1_000_000, depth(body));
                Integer old = minDepth.get(body);
                if (old == null || d < old) {
                    minDepth.put(body, d);
                    changed = true;
                }
            }
        }
    }

    /** Characters a negated class is drawn from: printable ASCII, newline, and a few non-ASCII letters. */
    private static final String POOL;
    static {
        StringBuilder b = new StringBuilder("\n\n\néü€");
        for (char c = ' '; c < 127; c++) b.append(c);
        POOL = b.toString();
    }

    String sample(SplittableRandom rng, int budget) {
        if (minDepth.isEmpty()) computeDepths();
        StringBuilder out = new StringBuilder();
        emit(new Ref("root"), rng, budget, out);
        return out.toString();
    }

    private void emit(Node n, SplittableRandom rng, int budget, StringBuilder out) {
        switch (n) {
            case Lit l -> out.append(l.text());
            case Cls c -> out.appendCodePoint(draw(c, rng));
            case Ref r -> emit(rules.get(r.name()), rng, budget - 1, out);
            case Seq s -> s.items().forEach(i -> emit(i, rng, budget, out));
            case Alt a -> {
                List<Node> ok = a.options().stream().filter(o -> depth(o) < budget).toList();
                if (ok.isEmpty()) ok = List.of(a.options().stream().min((x, y) -> depth(x) - depth(y)).orElseThrow());
                emit(ok.get(rng.nextInt(ok.size())), rng, budget, out);
            }
            case Rep r -> {
                int max = r.max() < 0 ? r.min() + 4 : r.max();
                int count = budget <= depth(r.node()) ? r.min() : r.min() + rng.nextInt(max - r.min() + 1);
                for (int i = 0; i < count; i++) emit(r.node(), rng, budget - 1, out);
            }
        }
    }

    private static int draw(Cls c, SplittableRandom rng) {
        if (!c.negated()) {
            int[] r = c.ranges().get(rng.nextInt(c.ranges().size()));
            return r[0] + rng.nextInt(r[1] - r[0] + 1);
        }
        while (true) {
            int ch = POOL.codePointAt(rng.nextInt(POOL.length()));
            boolean in = false;
            for (int[] r : c.ranges()) in |= ch >= r[0] && ch <= r[1];
            if (!in) return ch;
        }
    }
}
