package dev.azr4j.core.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cheap test that skips a regular expression on texts it cannot match: the literal words one of
 * which every match must contain, derived from the pattern, looked for with {@link String#contains}
 * in the lowercased text (the rules are case-insensitive). Java's regex engine tries a pattern such
 * as {@code \b(deceive|mislead|...)\s+...} at every position of the text, which over thousands of
 * samples a step costs seconds; {@code contains} is a fast scan.
 *
 * <p>The derivation is conservative: it understands a pattern that is, after an optional leading
 * {@code \b}, a literal prefix or a group of alternatives each starting with a literal prefix
 * (top-level {@code |} splits first). Anything else (a pattern starting with {@code .}, a class, an
 * optional group, an inline flag) gets no prefilter and is always run, so the prefilter never
 * changes what a rule matches.
 *
 * <p>A literal that follows {@code \b} and is made of ASCII word characters starts a word of the
 * text, so it is looked up by prefix in the text's sorted words ({@link Text}) rather than searched
 * for: with ~150 literals per sample, that is what makes the prefilter cheap.
 */
final class LiteralPrefilter {
    private LiteralPrefilter() {}

    /** A lowercased literal; {@code wordStart}: a match begins a word of the text with it. */
    record Literal(String text, boolean wordStart) {}

    /** A text prepared once for every literal test: its lowercase form and its sorted lowercase words. */
    static final class Text {
        private final String original;
        private String lowered;
        private String[] words;

        Text(String original) {
            this.original = original == null ? "" : original;
        }

        String original() {
            return original;
        }

        boolean contains(Literal l) {
            if (l.wordStart()) {
                String[] w = words();
                int i = java.util.Arrays.binarySearch(w, l.text());
                if (i >= 0) return true;
                int next = -i - 1;
                return next < w.length && w[next].startsWith(l.text());
            }
            if (lowered == null) lowered = original.toLowerCase(Locale.ROOT);
            return lowered.contains(l.text());
        }

        /**
         * Maximal runs of ASCII word characters {@code [A-Za-z0-9_]} (what {@code \b} separates),
         * ASCII-lowercased (what CASE_INSENSITIVE folds), sorted.
         */
        private String[] words() {
            if (words != null) return words;
            List<String> out = new ArrayList<>();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i <= original.length(); i++) {
                char c = i < original.length() ? original.charAt(i) : ' ';
                if (wordChar(c)) {
                    b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                } else if (!b.isEmpty()) {
                    out.add(b.toString());
                    b.setLength(0);
                }
            }
            words = out.toArray(String[]::new);
            java.util.Arrays.sort(words);
            return words;
        }
    }

    static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The literals one of which every match of {@code regex} contains, or null when none can be derived. */
    static List<Literal> of(String regex) {
        return of(regex, false);
    }

    private static List<Literal> of(String regex, boolean afterBoundary) {
        List<String> alternatives = splitTopLevel(regex);
        if (alternatives == null) return null;
        List<Literal> out = new ArrayList<>();
        for (String alt : alternatives) {
            List<Literal> lits = branch(alt, afterBoundary);
            if (lits == null) return null;
            out.addAll(lits);
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    /** Whether the text can match, given a pattern's literals (null: it may, the pattern must run). */
    static boolean mayMatch(List<Literal> literals, Text text) {
        if (literals == null) return true;
        for (Literal l : literals) if (text.contains(l)) return true;
        return false;
    }

    private static List<Literal> branch(String alt, boolean afterBoundary) {
        boolean boundary = afterBoundary || alt.startsWith("\\b");
        String s = alt.startsWith("\\b") ? alt.substring(2) : alt;
        if (s.startsWith("(")) {
            int close = matchingParen(s, 0);
            if (close < 0) return null;
            if (close + 1 < s.length() && "?*{".indexOf(s.charAt(close + 1)) >= 0) return null;   // an optional group
            String inner = s.substring(1, close);
            if (inner.startsWith("?:")) inner = inner.substring(2);
            else if (inner.startsWith("?")) return null;   // a look-around or inline flags
            return of(inner, boundary);
        }
        String lit = literalPrefix(s);
        if (lit == null || lit.isEmpty()) return null;
        boolean word = boundary && lit.chars().allMatch(c -> wordChar((char) c));
        return List.of(new Literal(lit.toLowerCase(Locale.ROOT), word));
    }

    /** The literal characters a branch starts with (escapes resolved), cut before a quantified character. */
    private static String literalPrefix(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) return null;
                char e = s.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) return b.toString();   // \s, \b, \w, \d, \Q ...: not a literal
                if (quantified(s, i + 2)) return cutLast(b, s, i + 2, e);
                b.append(e);
                i++;
                continue;
            }
            if ("()[]{}|.^$?*+".indexOf(c) >= 0) {
                if (c == '?' || c == '*' || c == '{') b.setLength(Math.max(0, b.length() - 1));   // the last char was optional
                return b.toString();
            }
            if (quantified(s, i + 1)) return cutLast(b, s, i + 1, c);
            b.append(c);
        }
        return b.toString();
    }

    private static boolean quantified(String s, int next) {
        return next < s.length() && "?*{+".indexOf(s.charAt(next)) >= 0;
    }

    /** A character followed by a quantifier: kept if the quantifier is {@code +} (at least once), else dropped. */
    private static String cutLast(StringBuilder b, String s, int next, char c) {
        if (s.charAt(next) == '+') b.append(c);
        return b.toString();
    }

    /** Splits on {@code |} outside groups and classes; null if the parentheses do not balance. */
    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) return null;
            } else if (c == '|' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || inClass) return null;
        parts.add(s.substring(start));
        return parts;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
