package dev.azr4j.eval.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a math response, in the order the math evaluation harnesses use:
 * the last {@code \boxed{...}} (or {@code \fbox}), else a final "the answer is ..." phrase, else
 * an answer section ("Answer: ...", "Final Answer: ..."). Null when none is there (reported as unparsed).
 */
public final class MathAnswers {
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)(?:final answer|the answer|answer) is\\s*:?\\s*(.+)");
    private static final Pattern ANSWER_SECTION = Pattern.compile("(?im)^\\s*[#*\\s]*(?:final answer|answer)\\s*[*]*\\s*[:：]\\s*[*]*\\s*(.+)$");

    private MathAnswers() {}

    public static String extract(String response) {
        if (response == null) return null;
        String boxed = lastBoxed(response);
        if (boxed != null) return boxed.strip();
        String phrase = last(ANSWER_IS, response);
        if (phrase != null) return trimSentence(phrase);
        String section = last(ANSWER_SECTION, response);
        if (section != null) return trimSentence(section);
        return null;
    }

    /** The content of the last {@code \boxed{...}} or {@code \fbox{...}} (braces balanced), {@code \boxed 5}'s token, or null. */
    public static String lastBoxed(String text) {
        if (text == null) return null;
        int at = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
        if (at < 0) return null;
        int i = at + (text.startsWith("\\boxed", at) ? 6 : 5);
        while (i < text.length() && text.charAt(i) == ' ') i++;
        if (i < text.length() && text.charAt(i) == '{') {
            int depth = 0;
            for (int j = i; j < text.length(); j++) {
                char c = text.charAt(j);
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) return text.substring(i + 1, j);
            }
            return null;   // unclosed: a truncated response
        }
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '$') j++;
        return j > i ? text.substring(i, j) : null;
    }

    private static String last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String found = null;
        while (m.find()) found = m.group(1);
        return found;
    }

    /** "$42$. I hope it is correct." → "$42$": the phrase up to the end of its sentence. */
    private static String trimSentence(String s) {
        String t = s.strip();
        int hope = t.indexOf(". I hope");
        if (hope >= 0) t = t.substring(0, hope);
        // a sentence ends at ". " outside dollar signs
        boolean math = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '$') math = !math;
            if (!math && c == '.' && (i + 1 == t.length() || t.charAt(i + 1) == ' ') && !(i > 0 && Character.isDigit(t.charAt(i - 1))
                    && i + 1 < t.length() && Character.isDigit(t.charAt(i + 1)))) {
                t = t.substring(0, i);
                break;
            }
        }
        t = t.strip();
        return t.isEmpty() ? null : t;
    }
}
