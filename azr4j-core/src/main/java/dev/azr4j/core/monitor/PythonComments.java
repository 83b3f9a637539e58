package dev.azr4j.core.monitor;

/**
 * Finds {@code #} comments in Python source without parsing it: a small scanner that skips string
 * literals (single, double and triple quoted, with any prefix such as {@code r}, {@code b} or
 * {@code f}, and backslash escapes), so that a {@code #} inside a string is not a comment. Text that
 * does not tokenize (an unterminated string) is scanned as far as it goes. Docstrings are not
 * comments here: the paper's observation is about {@code #} comments used as step-by-step plans.
 */
public final class PythonComments {
    private PythonComments() {}

    /** Whether {@code source} holds at least one {@code #} comment outside string literals. */
    public static boolean hasComment(String source) {
        return count(source) > 0;
    }

    /** The number of {@code #} comments outside string literals. */
    public static int count(String source) {
        if (source == null) return 0;
        int n = 0;
        int i = 0;
        int len = source.length();
        while (i < len) {
            char c = source.charAt(i);
            if (c == '#') {
                n++;
                while (i < len && source.charAt(i) != '\n') i++;
            } else if (c == '"' || c == '\'') {
                boolean raw = rawPrefix(source, i);
                i = skipString(source, i, raw);
            } else {
                i++;
            }
        }
        return n;
    }

    /** Whether the quote at {@code quote} is preceded by a string prefix containing {@code r}. */
    private static boolean rawPrefix(String s, int quote) {
        for (int j = quote - 1; j >= 0 && j >= quote - 3; j--) {
            char p = Character.toLowerCase(s.charAt(j));
            if (p == 'r') return true;
            if (p != 'b' && p != 'f' && p != 'u') return false;
        }
        return false;
    }

    /** The index just after the string literal that starts at {@code start}. */
    private static int skipString(String s, int start, boolean raw) {
        char q = s.charAt(start);
        int len = s.length();
        boolean triple = start + 2 < len && s.charAt(start + 1) == q && s.charAt(start + 2) == q;
        int i = start + (triple ? 3 : 1);
        while (i < len) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;   // an escape, or in a raw string a backslash that still protects the quote
                continue;
            }
            if (!triple && c == '\n') return i;   // unterminated single-line string: stop at the line end
            if (c == q) {
                if (!triple) return i + 1;
                if (i + 2 < len && s.charAt(i + 1) == q && s.charAt(i + 2) == q) return i + 3;
            }
            i++;
        }
        return len;
    }
}
