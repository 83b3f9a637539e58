package dev.azr4j.eval.math;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Whether a predicted math answer equals a reference answer: the same normalised text; the same
 * number within a relative tolerance of 1e-4 (and, where either answer
 * has a percent sign, the reference ×100 or ÷100, as the math evaluation harness allows); the same tuple, interval or union element by element, or the
 * same list of answers in any order; or the same expression, checked numerically at random
 * points. Near misses (0.5 vs 0.51, [1,2] vs (1,2), x+1 vs x+2) are not equal.
 */
public final class MathEquivalence {
    private static final double REL_TOL = 1e-4;
    private static final double SYMBOLIC_TOL = 1e-6;
    private static final int POINTS = 6;

    private MathEquivalence() {}

    /** Compares raw answers: both are normalised first. */
    public static boolean equivalent(String predicted, String reference) {
        if (predicted == null || reference == null) return false;
        boolean percent = predicted.contains("%") || reference.contains("%") || predicted.contains("percent") || reference.contains("percent");
        return same(MathNormalizer.normalize(predicted), MathNormalizer.normalize(reference), true, percent);
    }

    private static boolean same(String p, String r, boolean top, boolean percent) {
        if (p.isEmpty() || r.isEmpty()) return false;
        if (p.equals(r)) return true;
        if (p.equalsIgnoreCase(r) && r.matches("[A-Za-z]+")) return true;
        // unions of intervals
        if (r.contains("\\cup") || p.contains("\\cup")) {
            String[] a = p.split("\\\\cup"), b = r.split("\\\\cup");
            if (a.length != b.length) return false;
            for (int i = 0; i < a.length; i++) if (!same(a[i], b[i], false, false)) return false;
            return true;
        }
        Bracketed bp = bracketed(p), br = bracketed(r);
        if (br != null && br.items.size() > 1 || bp != null && bp.items.size() > 1) {
            if (bp == null || br == null || bp.items.size() != br.items.size()) return false;
            if (bp.open != br.open || bp.close != br.close) return false;
            for (int i = 0; i < bp.items.size(); i++) if (!same(bp.items.get(i), br.items.get(i), false, false)) return false;
            return true;
        }
        List<String> lp = splitTopLevel(p), lr = splitTopLevel(r);
        if (top && (lp.size() > 1 || lr.size() > 1)) {
            if (lp.size() != lr.size()) return false;
            List<String> left = new ArrayList<>(lr);
            outer:
            for (String x : lp) {
                for (int i = 0; i < left.size(); i++) {
                    if (same(x, left.get(i), false, false)) {
                        left.remove(i);
                        continue outer;
                    }
                }
                return false;
            }
            return true;
        }
        if (p.contains("=") && r.contains("=")) return sameEquation(p, r);
        MathExpression.Node np = MathExpression.parse(p), nr = MathExpression.parse(r);
        if (np == null || nr == null) return false;
        Set<String> vars = new TreeSet<>(MathExpression.variables(np));
        vars.addAll(MathExpression.variables(nr));
        if (vars.isEmpty()) {
            double a = np.eval(Map.of()), b = nr.eval(Map.of());
            return close(a, b, REL_TOL) || (percent && (close(a, b / 100, REL_TOL) || close(a, b * 100, REL_TOL)));
        }
        return sameFunction(np, nr, vars);
    }

    /** {@code a = b} and {@code c = d}: the same when a − b and c − d agree up to sign. */
    private static boolean sameEquation(String p, String r) {
        String[] a = p.split("=", -1), b = r.split("=", -1);
        if (a.length != 2 || b.length != 2) return false;
        if (same(a[0], b[0], false, false) && same(a[1], b[1], false, false)) return true;
        MathExpression.Node x = MathExpression.parse("(" + a[0] + ")-(" + a[1] + ")");
        MathExpression.Node y = MathExpression.parse("(" + b[0] + ")-(" + b[1] + ")");
        if (x == null || y == null) return false;
        Set<String> vars = new TreeSet<>(MathExpression.variables(x));
        vars.addAll(MathExpression.variables(y));
        MathExpression.Node negY = new MathExpression.Fn("neg", y);
        return !vars.isEmpty() && (sameFunction(x, y, vars) || sameFunction(x, negY, vars));
    }

    private static boolean sameFunction(MathExpression.Node a, MathExpression.Node b, Set<String> vars) {
        SplittableRandom rng = new SplittableRandom(0x5EED);
        int compared = 0;
        for (int i = 0; i < POINTS * 3 && compared < POINTS; i++) {
            Map<String, Double> point = new HashMap<>();
            for (String v : vars) point.put(v, 0.3 + 2.2 * rng.nextDouble());
            double x = a.eval(point), y = b.eval(point);
            if (!Double.isFinite(x) && !Double.isFinite(y)) continue;   // outside both domains
            if (!close(x, y, SYMBOLIC_TOL)) return false;
            compared++;
        }
        return compared >= 3;
    }

    static boolean close(double a, double b, double rel) {
        if (Double.isNaN(a) || Double.isNaN(b)) return false;
        if (Double.isInfinite(a) || Double.isInfinite(b)) return a == b;
        return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-12;
    }

    private record Bracketed(char open, char close, List<String> items) {}

    /** {@code (a,b)}, {@code [a,b)}, {@code \{a,b\}} as its brackets and top-level items; null when not bracketed as a whole. */
    private static Bracketed bracketed(String s) {
        if (s.length() < 2) return null;
        char o = s.charAt(0), c = s.charAt(s.length() - 1);
        if ("([{".indexOf(o) < 0 || ")]}".indexOf(c) < 0) return null;
        // the opening bracket must close only at the end
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("([{".indexOf(ch) >= 0) depth++;
            else if (")]}".indexOf(ch) >= 0) depth--;
            if (depth == 0 && i < s.length() - 1) return null;
        }
        List<String> items = splitTopLevel(s.substring(1, s.length() - 1));
        if (items.size() < 2) return null;
        return new Bracketed(o, c, items);
    }

    /** Splits at commas outside brackets. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("([{".indexOf(ch) >= 0) depth++;
            else if (")]}".indexOf(ch) >= 0) depth--;
            else if (ch == ',' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        out.removeIf(String::isEmpty);
        return out;
    }
}
