package dev.azr4j.core.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a solver's answer from the answer section (spec §4.6). Never throws.
 * Input/output predictions fall back through: last fenced block, {@code # Input:} line,
 * {@code input(...)} call, {@code <input>} tag, "the input is ..." phrase, the whole answer.
 */
public final class SolutionParser {
    private SolutionParser() {}

    /** The predicted input (abduction); empty when the answer is empty. */
    public static String input(Response response) {
        return field(response.answer(), "input");
    }

    /** The predicted output (deduction); empty when the answer is empty. */
    public static String output(Response response) {
        return field(response.answer(), "output");
    }

    /** The predicted program (induction): the last code block of the answer, or a failure. */
    public static Parsed<String> program(Response response) {
        if (!response.hasAnswer()) return Parsed.fail(ParseFailure.NO_ANSWER);
        Fence f = Fences.last(response.answer(), Fences::isCodeTag);
        if (f == null || f.content().isEmpty()) return Parsed.fail(ParseFailure.NO_CODE_BLOCK);
        return Parsed.ok(f.content());
    }

    private static String field(String answer, String name) {
        if (answer.isEmpty()) return "";
        Fence f = Fences.last(answer, t -> t.equals(name));
        if (f != null) return f.content();
        String[] patterns = {
                "#[ \\t]*" + name + ":[ \\t]*(.+)",
                "(?s)\\b" + name + "\\((.*)\\)",
                "(?s)<" + name + ">(.*?)</" + name + ">",
                "the " + name + " is[ \\t:]*(.+)"};
        for (String p : patterns) {
            Matcher m = Pattern.compile(p, Pattern.CASE_INSENSITIVE).matcher(answer);
            String last = null;
            while (m.find()) last = m.group(1);
            if (last != null) return last.strip();
        }
        return answer.strip();
    }
}
