package dev.azr4j.eval.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a math answer into a canonical text form before comparison: no dollar signs, sizing
 * commands, spacing commands or {@code \text{}} wrappers; {@code \dfrac}/{@code \tfrac} as
 * {@code \frac}, {@code \frac12} as {@code \frac{1}{2}}; no degree signs, percent signs or
 * trailing units after a number; no {@code x =} prefix; no thousands separators; a
 * multiple-choice answer as its bare letter; no spaces.
 */
public final class MathNormalizer {
    private static final Pattern TEXT_WRAPPER = Pattern.compile("\\\\(?:text|textbf|textit|mathrm|mathbf|mathit|mbox|operatorname|rm|emph)\\s*\\{([^{}]*)\\}");
    private static final Pattern FRAC_SHORT = Pattern.compile("\\\\frac\\s*(\\d)\\s*(\\d)");
    private static final Pattern FRAC_HALF_SHORT = Pattern.compile("\\\\frac\\s*(\\{[^{}]*\\})\\s*(\\d)");
    private static final Pattern FRAC_FIRST_SHORT = Pattern.compile("\\\\frac\\s*(\\d)\\s*(\\{)");
    private static final Pattern SQRT_SHORT = Pattern.compile("\\\\sqrt\\s*(\\d+|[a-zA-Z])");
    private static final Pattern THOUSANDS = Pattern.compile("^[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-Ea-e])\\)?[.:]?$");
    private static final Pattern CHOICE_TEXT = Pattern.compile("^\\(([A-E])\\)\\s*.*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*\\\\?[a-zA-Z]+(?:_\\{?[a-zA-Z0-9]+\\}?)?(?:\\([a-z]\\))?\\s*(?:=|\\\\in)\\s*(.+)$", Pattern.DOTALL);
    private static final Pattern NUMBER_THEN_WORDS = Pattern.compile(
            "^([-+]?(?:\\d[\\d,]*(?:\\.\\d+)?|\\.\\d+)(?:\\s*(?:\\\\times|\\\\cdot|\\*)\\s*10\\^\\{?-?\\d+\\}?)?|\\\\frac\\{[^{}]+\\}\\{[^{}]+\\})\\s*([a-zA-Z\\\\][a-zA-Z\\s/^{}\\d\\\\-]*)$");
    /** Words that, after a number, are a unit or a noun and not part of the value. */
    private static final java.util.Set<String> UNITS = java.util.Set.of(
            "cm", "mm", "km", "m", "nm", "kg", "g", "mg", "s", "sec", "second", "seconds", "min", "minute", "minutes",
            "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "year", "years", "yr", "inch", "inches",
            "in", "ft", "feet", "foot", "yard", "yards", "mile", "miles", "mph", "unit", "units", "square", "sq", "cubic",
            "meter", "meters", "metre", "metres", "centimeter", "centimeters", "dollar", "dollars", "cent", "cents",
            "degree", "degrees", "radian", "radians", "rad", "k", "j", "ev", "kev", "mev", "gev", "w", "kw", "n", "pa",
            "hz", "mhz", "ghz", "v", "a", "l", "ml", "liter", "liters", "litre", "litres", "pound", "pounds", "lb", "lbs",
            "ounce", "ounces", "oz", "point", "points", "people", "students", "ways", "times", "percent", "mol", "au",
            "pc", "kpc", "mpc", "ly", "erg", "ergs", "angstrom", "angstroms", "aa", "msun", "m_sun", "k_b");

    private MathNormalizer() {}

    public static String normalize(String answer) {
        if (answer == null) return "";
        String s = answer.strip();
        String boxed = MathAnswers.lastBoxed(s);
        if (boxed != null) s = boxed.strip();
        s = s.replace("\\$", "");
        s = s.replace("\n", " ").replace("\\!", "").replace("\\displaystyle", "");
        s = stripDollars(s);
        s = s.replaceAll("\\\\(?:left|right|big|Big|bigg|Bigg)(?=[()\\[\\]|.{}\\\\])", "");
        s = s.replace("\\{", "{").replace("\\}", "}");
        s = s.replaceAll("\\\\[,;:> ]", " ").replace("\\quad", " ").replace("\\qquad", " ").replace("~", " ");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
        // text wrappers, innermost first
        for (int i = 0; i < 4; i++) {
            String t = TEXT_WRAPPER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            if (t.equals(s)) break;
            s = t;
        }
        s = s.replace("^\\circ", "").replace("^{\\circ}", "").replace("\\circ", "").replace("°", "");
        s = s.replace("\\%", "").replace("%", "").replace("\\$", "");
        s = s.replaceAll("\\s*(?:degrees?|percent)\\s*$", "");
        s = s.strip();
        Matcher choice = CHOICE_TEXT.matcher(s);
        if (choice.matches()) s = choice.group(1);
        Matcher assign = ASSIGNMENT.matcher(s);
        if (assign.matches() && !assign.group(1).contains("=")) s = assign.group(1).strip();
        Matcher unit = NUMBER_THEN_WORDS.matcher(s);
        if (unit.matches() && onlyUnits(unit.group(2), unit.start(2) > unit.end(1))) s = unit.group(1);
        s = s.replace(" ", "");
        s = s.replace("{,}", ",");
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        s = FRAC_SHORT.matcher(s).replaceAll("\\\\frac{$1}{$2}");
        s = FRAC_HALF_SHORT.matcher(s).replaceAll("\\\\frac$1{$2}");
        s = FRAC_FIRST_SHORT.matcher(s).replaceAll("\\\\frac{$1}$2");
        s = SQRT_SHORT.matcher(s).replaceAll("\\\\sqrt{$1}");
        while (s.endsWith(".") || s.endsWith("\\")) s = s.substring(0, s.length() - 1);
        if (s.startsWith(".")) s = "0" + s;
        s = s.replace("(.", "(0.").replace(",.", ",0.").replace("-.", "-0.");
        Matcher letter = CHOICE.matcher(s);
        if (letter.matches()) s = letter.group(1).toUpperCase();
        return s;
    }

    /** Whether every word of {@code tail} (split at spaces, "/" and "per", powers dropped) is a unit.
     * @param spaced whether a space separates the number from the first word */
    private static boolean onlyUnits(String tail, boolean spaced) {
        String[] words = tail.replaceAll("\\^\\{?-?\\d+\\}?", " ").split("[\\s/]+|\\bper\\b");
        int n = 0;
        for (String w : words) {
            if (w.isBlank()) continue;
            // "5a" is a product; "5 A" may be a current: one-letter units only after a space
            if (n == 0 && !spaced && w.length() == 1) return false;
            if (!UNITS.contains(w.toLowerCase(java.util.Locale.ROOT).replace("\\", ""))) return false;
            n++;
        }
        return n > 0;
    }

    private static String stripDollars(String s) {
        String t = s;
        if (t.startsWith("$$") && t.endsWith("$$") && t.length() >= 4) t = t.substring(2, t.length() - 2);
        t = t.replace("$", "");
        t = t.replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        return t.strip();
    }
}
