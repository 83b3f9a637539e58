package dev.azr4j.core.parse;

import java.util.regex.Pattern;

/**
 * A completion split into its parts (spec §4.1–4.3). The prompt ends with {@code Assistant: <think>},
 * so the generation is {@code <think>} followed by the completion, cut at any later
 * {@code Assistant:} (the original splits prompt+response on that word). Only whitespace is
 * stripped; the original also strips leading/trailing quote characters, an artefact of its
 * decode path that could eat the end of a truncated answer.
 *
 * @param generation the text the format and answer rules apply to
 * @param reasoning  the text inside the think section (may be empty)
 * @param answer     the stripped text after the last {@code <answer>} up to the next {@code </answer>} or the end; empty when absent
 * @param hasAnswer  whether an {@code <answer>} tag occurs at all
 * @param formatOk   whether the generation starts with {@code <think>…</think> <answer>…</answer>}
 */
public record Response(String generation, String reasoning, String answer, boolean hasAnswer, boolean formatOk) {
    private static final String THINK = "<think>";
    private static final Pattern FORMAT = Pattern.compile("^<think>.*?</think>\\s*<answer>.*?</answer>", Pattern.DOTALL);

    /** Parses a completion that continues a prompt ending with {@code <think>}. Never throws. */
    public static Response parse(String completion) {
        String body = completion == null ? "" : completion;
        int cut = body.indexOf("Assistant:");
        if (cut >= 0) body = body.substring(0, cut);
        String generation = (THINK + body).strip();
        boolean formatOk = FORMAT.matcher(generation).find();
        int lastOpen = generation.lastIndexOf("<answer>");
        String answer = "";
        if (lastOpen >= 0) {
            int from = lastOpen + "<answer>".length();
            int close = generation.indexOf("</answer>", from);
            answer = (close < 0 ? generation.substring(from) : generation.substring(from, close)).strip();
        }
        return new Response(generation, reasoning(generation), answer, lastOpen >= 0, formatOk);
    }

    private static String reasoning(String generation) {
        int from = THINK.length();
        int end = generation.indexOf("</think>", from);
        if (end < 0) end = generation.indexOf("<answer>", from);
        if (end < 0) end = generation.length();
        return generation.substring(from, Math.max(from, end)).strip();
    }
}
