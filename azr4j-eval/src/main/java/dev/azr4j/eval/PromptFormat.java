package dev.azr4j.eval;

import dev.azr4j.core.parse.Response;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.prompt.PromptTemplates;
import dev.azr4j.model.tokenizer.ChatMessage;
import dev.azr4j.model.tokenizer.ChatTemplate;
import java.util.List;
import java.util.Locale;

/**
 * How prompts are put to a model and where its answer is in a completion.
 * <ul>
 * <li>{@code AZR}: a model trained by {@code azr train}: its own solver prompts (the conversation
 *     wrapper ending in {@code Assistant: <think>}, in the run's {@link PromptStyle}), the answer in
 *     {@code <answer>}; CRUXEval items are asked with the deduction/abduction solver prompts.
 * <li>{@code CHAT}: a chat model: the prompt as one user turn in its chat template (ChatML).
 * <li>{@code PLAIN}: a base model: the prompt text as it is, the completion continues it.
 * </ul>
 */
public record PromptFormat(Kind kind, PromptStyle style, List<String> bannedWords) {
    public enum Kind {
        AZR, CHAT, PLAIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PromptFormat {
        bannedWords = bannedWords == null ? List.of() : List.copyOf(bannedWords);
        if (kind == Kind.AZR && style == null) throw new IllegalArgumentException("the azr format needs a prompt style");
    }

    public static PromptFormat plain() {
        return new PromptFormat(Kind.PLAIN, null, List.of());
    }

    public static PromptFormat chat() {
        return new PromptFormat(Kind.CHAT, null, List.of());
    }

    public static PromptFormat azr(PromptStyle style, List<String> bannedWords) {
        return new PromptFormat(Kind.AZR, style, bannedWords);
    }

    /** The solver prompts of a model trained by azr train. */
    public PromptTemplates templates() {
        return new PromptTemplates(style == null ? PromptStyle.FULL : style, bannedWords);
    }

    /** A user's request as this model expects it. */
    public String user(String text) {
        return switch (kind) {
            case AZR -> templates().wrap(text);
            case CHAT -> ChatTemplate.qwen().render(List.of(ChatMessage.user(text)), true);
            case PLAIN -> text;
        };
    }

    /** The part of a completion that holds the answer: the {@code <answer>} section for AZR models (the whole text when it has none). */
    public String answerPart(String completion) {
        if (completion == null) return "";
        if (kind != Kind.AZR || style.terse()) return completion;   // terse answers are bare
        Response r = Response.parse(completion);
        return r.hasAnswer() ? r.answer() : r.generation();
    }

    /** A short description for the summary. */
    public String describe() {
        return kind == Kind.AZR ? "azr (" + style.name().toLowerCase(Locale.ROOT) + ")" : kind.id();
    }
}
