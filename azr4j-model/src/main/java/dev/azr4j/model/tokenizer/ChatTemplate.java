package dev.azr4j.model.tokenizer;

import java.util.List;

/** Turns a conversation into the prompt text a model was trained on. */
public sealed interface ChatTemplate {

    /** The text of {@code messages}, followed by the opening of an assistant turn when {@code addGenerationPrompt}. */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * The Qwen (ChatML) format: {@code <|im_start|>role\ncontent<|im_end|>\n} per message and
     * {@code <|im_start|>assistant\n} as the generation prompt. No default system message is added.
     */
    static ChatTemplate qwen() {
        return Qwen.INSTANCE;
    }

    /**
     * Plain concatenation of the message contents with nothing added: AZR replaces a base model's
     * chat template by this (spec §1.3), so prompts carry no special tokens.
     */
    static ChatTemplate plain() {
        return Plain.INSTANCE;
    }

    /** The template named {@code qwen} (also {@code chatml}) or {@code plain}. */
    static ChatTemplate named(String name) {
        return switch (name) {
            case "qwen", "chatml" -> qwen();
            case "plain" -> plain();
            default -> throw new IllegalArgumentException("unknown chat template '" + name + "'; known are qwen (chatml) and plain");
        };
    }

    /** ChatML as used by Qwen2/Qwen2.5/Qwen3. */
    enum Qwen implements ChatTemplate {
        INSTANCE;

        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
            }
            if (addGenerationPrompt) sb.append("<|im_start|>assistant\n");
            return sb.toString();
        }
    }

    /** Contents joined with nothing between them. */
    enum Plain implements ChatTemplate {
        INSTANCE;

        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) sb.append(m.content());
            return sb.toString();
        }
    }
}
