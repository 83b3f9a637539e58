package dev.azr4j.eval;

/**
 * Where the completions being graded come from: a model prompted in {@code format}, or
 * generations made elsewhere ({@code given}: CRUXEval's post-processed answers, a math response,
 * a program), which are graded as they are.
 */
public record AnswerSource(boolean given, PromptFormat format) {
    public static AnswerSource elsewhere() {
        return new AnswerSource(true, PromptFormat.plain());
    }

    public static AnswerSource model(PromptFormat format) {
        return new AnswerSource(false, format);
    }
}
