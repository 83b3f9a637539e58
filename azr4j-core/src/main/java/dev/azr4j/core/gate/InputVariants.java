package dev.azr4j.core.gate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Inputs of the same shape as a proposer's input, drawn by the environment, so that a program's
 * dependence on its input can be checked (the gate's {@code input_dependence} rule). Every value
 * keeps its type and roughly its size: ints stay ints of similar magnitude (mostly of the same
 * sign; one draw in three up to ten times larger), strings keep their length ±1 and each
 * character's class (lower, upper, digit; others are kept), lists and sets keep their length ±1
 * with elements varied like existing ones, tuples keep their arity, dicts keep their keys,
 * booleans are redrawn, None stays None. Keywords are kept. Deterministic for a given random stream.
 */
public final class InputVariants {
    private static final int TRIES_PER_VARIANT = 12;

    private InputVariants() {}

    /**
     * Up to {@code n} distinct variants of {@code input} (an argument list), none equal to it;
     * empty when the input is not an argument list of literals (an expression, a call, ...).
     */
    public static List<String> of(String input, int n, SplittableRandom rng) {
        Optional<List<PyLiteral.Arg>> parsed = PyLiteral.parseArgs(input);
        if (parsed.isEmpty() || parsed.get().isEmpty()) return List.of();
        List<PyLiteral.Arg> args = parsed.get();
        String original = PyLiteral.renderArgs(args);
        Set<String> out = new LinkedHashSet<>();
        for (int tries = 0; out.size() < n && tries < n * TRIES_PER_VARIANT; tries++) {
            List<PyLiteral.Arg> varied = new ArrayList<>(args.size());
            for (PyLiteral.Arg a : args) varied.add(new PyLiteral.Arg(a.keyword(), vary(a.value(), rng)));
            String text = PyLiteral.renderArgs(varied);
            if (!text.equals(original)) out.add(text);
        }
        return List.copyOf(out);
    }

    /** A value of the same type and rough size as {@code v}. */
    static PyLiteral vary(PyLiteral v, SplittableRandom rng) {
        return switch (v) {
            case PyLiteral.Int i -> new PyLiteral.Int(varyInt(i.value(), rng));
            case PyLiteral.Float f -> new PyLiteral.Float(varyFloat(f.value(), rng));
            case PyLiteral.Str s -> new PyLiteral.Str(varyString(s.value(), rng));
            case PyLiteral.Bool b -> new PyLiteral.Bool(rng.nextBoolean());
            case PyLiteral.None n -> n;
            case PyLiteral.Seq s when s.kind() == PyLiteral.SeqKind.TUPLE ->
                    new PyLiteral.Seq(s.kind(), s.items().stream().map(x -> vary(x, rng)).toList());
            case PyLiteral.Seq s -> new PyLiteral.Seq(s.kind(), varyItems(s.items(), s.kind() == PyLiteral.SeqKind.SET, rng));
            case PyLiteral.Dict d -> new PyLiteral.Dict(d.keys(), d.values().stream().map(x -> vary(x, rng)).toList());
        };
    }

    private static BigInteger varyInt(BigInteger n, SplittableRandom rng) {
        if (n.bitLength() > 60) return n.add(BigInteger.valueOf(rng.nextLong(-1000, 1001)));
        long x = n.longValue();
        // mostly near the input's size; one draw in three wider, so that a threshold far from the
        // proposer's input (a > 20 with a = 5) is not taken for a constant
        long bound = rng.nextInt(3) == 0 ? Math.max(100, 10 * Math.abs(x)) : Math.max(5, 2 * Math.abs(x));
        long magnitude = rng.nextLong(0, bound + 1);
        boolean negative = x < 0;
        if (rng.nextInt(5) == 0) negative = !negative;   // now and then the other sign
        return BigInteger.valueOf(negative ? -magnitude : magnitude);
    }

    private static double varyFloat(double x, SplittableRandom rng) {
        if (!Double.isFinite(x)) return x;
        double base = x == 0 ? 1 : x;
        double y = base * (0.25 + 1.75 * rng.nextDouble());
        if (rng.nextInt(5) == 0) y = -y;
        return Math.round(y * 100) / 100.0;
    }

    private static String varyString(String s, SplittableRandom rng) {
        StringBuilder b = new StringBuilder(s.length() + 1);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            b.append(rng.nextBoolean() ? sameClass(c, rng) : c);
        }
        int change = rng.nextInt(3) - 1;   // -1, 0, +1
        if (s.isEmpty()) change = rng.nextInt(3);
        if (change < 0 && b.length() > 0) {
            b.deleteCharAt(rng.nextInt(b.length()));
        } else if (change > 0) {
            for (int k = 0; k < change; k++) {
                char like = s.isEmpty() ? 'a' : s.charAt(rng.nextInt(s.length()));
                b.insert(rng.nextInt(b.length() + 1), sameClass(like, rng));
            }
        }
        return b.toString();
    }

    private static char sameClass(char c, SplittableRandom rng) {
        if (c >= 'a' && c <= 'z') return (char) ('a' + rng.nextInt(26));
        if (c >= 'A' && c <= 'Z') return (char) ('A' + rng.nextInt(26));
        if (c >= '0' && c <= '9') return (char) ('0' + rng.nextInt(10));
        return c;
    }

    private static List<PyLiteral> varyItems(List<PyLiteral> items, boolean distinct, SplittableRandom rng) {
        List<PyLiteral> out = new ArrayList<>(items.size() + 1);
        for (PyLiteral x : items) out.add(vary(x, rng));
        int change = rng.nextInt(3) - 1;
        if (items.isEmpty()) {
            // nothing to copy the element type from: small ints
            for (int k = rng.nextInt(3); k > 0; k--) out.add(new PyLiteral.Int(BigInteger.valueOf(rng.nextInt(10))));
        } else if (change < 0) {
            out.remove(rng.nextInt(out.size()));
        } else if (change > 0) {
            out.add(rng.nextInt(out.size() + 1), vary(items.get(rng.nextInt(items.size())), rng));
        }
        if (!distinct) return out;
        Set<String> seen = new LinkedHashSet<>();
        List<PyLiteral> unique = new ArrayList<>();
        for (PyLiteral x : out) if (seen.add(x.render())) unique.add(x);
        return unique;
    }
}
