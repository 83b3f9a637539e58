package dev.azr4j.eval.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Python values as a programmer writes them, as literal source: ints up to ±100 (small ones most
 * often), strings over printable ASCII (words of both cases, digits, spaces, punctuation), lists of
 * 0–8 elements. Independent of any generator of the training environment.
 */
final class Values {
    private Values() {}

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = LOWER.toUpperCase();
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Words a programmer types as test data; mixed with random ones. */
    private static final List<String> WORDS = List.of("hello", "world", "Python", "abc", "foo", "bar", "data", "Test", "x",
            "apple", "banana", "cat", "Dog", "racecar", "level", "code", "OK", "yes", "no", "Alice", "Bob", "item", "key",
            "value", "spam", "eggs", "Hi", "moon", "sun", "tree");

    /** An int up to ±100: |v| < 10 half of the time, < 31 four times in five. */
    static int smallInt(SplittableRandom r) {
        double u = r.nextDouble();
        int magnitude = u < 0.5 ? r.nextInt(10) : u < 0.8 ? 10 + r.nextInt(21) : 31 + r.nextInt(70);
        return r.nextDouble() < 0.3 ? -magnitude : magnitude;
    }

    /** A constant a programmer writes in a program: 1–5, 10 most often, else up to 50. */
    static int constant(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.7) return new int[]{1, 2, 3, 4, 5, 10}[r.nextInt(6)];
        return 1 + r.nextInt(50);
    }

    static char printable(SplittableRandom r) {
        double u = r.nextDouble();
        String from = u < 0.45 ? LOWER : u < 0.65 ? UPPER : u < 0.8 ? DIGITS : u < 0.9 ? " " : PUNCTUATION;
        return from.charAt(r.nextInt(from.length()));
    }

    /** A word: a known one, or random letters in lower, Capitalized or UPPER case. */
    static String word(SplittableRandom r) {
        if (r.nextDouble() < 0.5) return WORDS.get(r.nextInt(WORDS.size()));
        int n = 1 + r.nextInt(6);
        StringBuilder sb = new StringBuilder();
        double style = r.nextDouble();
        for (int i = 0; i < n; i++) {
            char c = LOWER.charAt(r.nextInt(26));
            if (style > 0.8 || (style > 0.6 && i == 0)) c = Character.toUpperCase(c);
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * A string: a word, words with spaces, a word with digits or punctuation, or random printable
     * characters; sometimes empty. {@code hint} (a character or text of the program, may be null)
     * is put in half of the time, so that counting and finding have something to find.
     */
    static String string(SplittableRandom r, String hint) {
        double u = r.nextDouble();
        String s;
        if (u < 0.04) s = "";
        else if (u < 0.3) s = word(r);
        else if (u < 0.5) s = word(r) + " " + word(r) + (r.nextBoolean() ? "" : " " + word(r));
        else if (u < 0.65) s = word(r) + r.nextInt(100);
        else if (u < 0.8) s = word(r) + PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length())) + (r.nextBoolean() ? "" : word(r));
        else {
            StringBuilder sb = new StringBuilder();
            for (int i = 1 + r.nextInt(8); i > 0; i--) sb.append(printable(r));
            s = sb.toString();
        }
        if (hint != null && !hint.isEmpty() && r.nextBoolean()) {
            int at = r.nextInt(s.length() + 1);
            s = s.substring(0, at) + hint + s.substring(at);
        }
        if (s.length() > 24) s = s.substring(0, 24);
        return s;
    }

    /** A list of 0–8 ints (2–5 most often; {@code nonEmpty}: at least 1), with {@code hint} in half of them. */
    static List<Integer> intList(SplittableRandom r, boolean nonEmpty, Integer hint) {
        int n = length(r, nonEmpty);
        List<Integer> out = new ArrayList<>();
        boolean tight = r.nextDouble() < 0.4;   // digits only, as in many hand-written tests
        for (int i = 0; i < n; i++) out.add(tight ? r.nextInt(10) : smallInt(r));
        if (hint != null && r.nextBoolean()) out.add(r.nextInt(out.size() + 1), hint);
        return out;
    }

    /** A list of 0–6 words (at least 1 when {@code nonEmpty}), with {@code hint} in half of them. */
    static List<String> stringList(SplittableRandom r, boolean nonEmpty, String hint) {
        int n = Math.min(6, length(r, nonEmpty));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(r.nextDouble() < 0.85 ? word(r) : string(r, null));
        if (hint != null && r.nextBoolean()) out.add(r.nextInt(out.size() + 1), hint);
        return out;
    }

    private static int length(SplittableRandom r, boolean nonEmpty) {
        double u = r.nextDouble();
        int n = u < 0.08 ? 0 : u < 0.2 ? 1 : u < 0.85 ? 2 + r.nextInt(4) : 6 + r.nextInt(3);
        return nonEmpty ? Math.max(1, n) : n;
    }

    /** An argument of type {@code t}, as Python source. */
    static String literal(PyType t, SplittableRandom r, boolean nonEmpty, Object hint) {
        return switch (t) {
            case INT -> Integer.toString(hint instanceof Integer h && r.nextDouble() < 0.3 ? h : smallInt(r));
            case STR -> repr(nonEmpty ? nonEmpty(string(r, (String) hint), r) : string(r, (String) hint));
            case LIST_INT -> intList(r, nonEmpty, hint instanceof Integer h ? h : null).toString();
            case LIST_STR -> stringList(r, nonEmpty, hint instanceof String h ? h : null).stream().map(Values::repr)
                    .toList().toString();
            case BOOL -> r.nextBoolean() ? "True" : "False";
        };
    }

    private static String nonEmpty(String s, SplittableRandom r) {
        return s.isEmpty() ? word(r) : s;
    }

    /** Python's {@code repr} of a printable-ASCII string. */
    static String repr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == q) sb.append('\\');
            sb.append(c);
        }
        return sb.append(q).toString();
    }
}
