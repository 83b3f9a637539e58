package dev.azr4j.core.curriculum;

import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.SplittableRandom;

/**
 * The broad world's input values ({@link World#BROAD}), as Python source: small values most often
 * and the ordinary range of a programmer's values behind them, so that a solver meets the whole
 * surface without small cases becoming rare.
 * <ul>
 *   <li>int: half in [−10, 10], then [−100, 100], then [−1000, 1000];</li>
 *   <li>string: up to {@value #MAX_STR} printable ASCII characters (never a quote or a backslash):
 *       a lower-case word most often, else a capitalised or mixed-case word, letters and digits,
 *       several words with spaces, a word with punctuation, or the empty string;</li>
 *   <li>list of ints: 0 to {@value #MAX_LIST} elements, most in [−10, 10];</li>
 *   <li>list of words: 1 to {@value #MAX_WORDS} words of letters.</li>
 * </ul>
 */
final class BroadValues {
    static final int MAX_STR = 12;
    static final int MAX_LIST = 8;
    static final int MAX_WORDS = 5;
    static final int MAX_WORD = 8;
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String PUNCTUATION = ".,!?-_:;#@+*/=()";
    private static final String VOWELS = "aeiou";

    private BroadValues() {}

    static String input(Type type, SplittableRandom r) {
        return switch (type) {
            case INT -> Integer.toString(integer(r));
            case STR -> "'" + string(r) + "'";
            case LIST -> {
                int n = listLength(r);
                StringBuilder s = new StringBuilder("[");
                for (int i = 0; i < n; i++) s.append(i == 0 ? "" : ", ").append(r.nextDouble() < 0.7 ? r.nextInt(-10, 11) : r.nextInt(-100, 101));
                yield s.append(']').toString();
            }
            case STRS -> {
                int n = 1 + r.nextInt(MAX_WORDS);
                StringBuilder s = new StringBuilder("[");
                for (int i = 0; i < n; i++) s.append(i == 0 ? "" : ", ").append('\'').append(word(r, 1 + r.nextInt(6))).append('\'');
                yield s.append(']').toString();
            }
            case BOOL -> r.nextBoolean() ? "True" : "False";
        };
    }

    private static int integer(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.5 ? r.nextInt(-10, 11) : u < 0.8 ? r.nextInt(-100, 101) : r.nextInt(-1000, 1001);
    }

    /** 0..MAX_LIST elements, 2 to 5 most often. */
    private static int listLength(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.04 ? 0 : u < 0.7 ? 2 + r.nextInt(4) : 1 + r.nextInt(MAX_LIST);
    }

    private static String string(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.03) return "";
        if (u < 0.55) return word(r, 1 + r.nextInt(8));
        if (u < 0.67) {                                   // Capitalised, or of mixed case
            String w = word(r, 2 + r.nextInt(7));
            return r.nextBoolean() ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : chars(r, LOWER + UPPER, w.length());
        }
        if (u < 0.77) return chars(r, LOWER + DIGITS, 1 + r.nextInt(8));
        if (u < 0.92) {                                   // a few words
            StringBuilder s = new StringBuilder(word(r, 1 + r.nextInt(5)));
            int words = 1 + r.nextInt(2);
            for (int i = 0; i < words && s.length() < MAX_STR - 2; i++) s.append(' ').append(word(r, 1 + r.nextInt(Math.min(5, MAX_STR - 1 - s.length()))));
            return s.toString();
        }
        return chars(r, LOWER + UPPER + DIGITS + PUNCTUATION + " ", 1 + r.nextInt(MAX_STR));
    }

    /** A pronounceable-ish lower-case word: vowels at every other place about half of the time. */
    private static String word(SplittableRandom r, int n) {
        StringBuilder s = new StringBuilder(n);
        boolean pronounceable = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            String from = pronounceable ? (i % 2 == 1 ? VOWELS : LOWER) : LOWER;
            s.append(from.charAt(r.nextInt(from.length())));
        }
        return s.toString();
    }

    private static String chars(SplittableRandom r, String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return s.toString();
    }
}
