package dev.azr4j.eval;

import dev.azr4j.core.UserException;
import dev.azr4j.core.loop.RunState;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.executor.ExecutorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses how to prompt the model in a directory. {@code auto}: a checkpoint written by
 * {@code azr train} (it has {@code state.json}) gets its own solver prompts ({@code prompt.json};
 * checkpoints from before it existed: compact prompts for a byte-level model, full ones otherwise);
 * a model whose tokenizer has a chat template gets it; any other model plain text.
 */
public final class ModelPromptFormat {
    private ModelPromptFormat() {}

    /**
     * @param byteLevel     whether the model uses azr4j's byte-level tokenizer (a model trained from zero)
     * @param hasChatTokens whether its tokenizer has ChatML's {@code <|im_start|>}
     */
    public static PromptFormat choose(String requested, Path modelDir, boolean byteLevel, boolean hasChatTokens) throws IOException {
        String r = requested == null ? "auto" : requested;
        return switch (r) {
            case "auto" -> {
                if (Files.isRegularFile(modelDir.resolve(RunState.FILE))) yield trained(modelDir, byteLevel);
                yield hasChatTokens && hasChatTemplate(modelDir) ? PromptFormat.chat() : PromptFormat.plain();
            }
            case "azr" -> trained(modelDir, byteLevel);
            case "chat" -> PromptFormat.chat();
            case "plain" -> PromptFormat.plain();
            default -> throw new UserException("--prompt-format must be auto, azr, chat or plain, got '" + r + "'");
        };
    }

    private static PromptFormat trained(Path dir, boolean byteLevel) throws IOException {
        CheckpointPrompt saved;
        try {
            saved = CheckpointPrompt.read(dir);
        } catch (IOException e) {
            throw new UserException(e.getMessage(), e);
        }
        if (saved != null) return PromptFormat.azr(saved.style(), saved.bannedWords());
        return PromptFormat.azr(byteLevel ? PromptStyle.COMPACT : PromptStyle.FULL, ExecutorOptions.DEFAULT_BANNED_WORDS);
    }

    private static boolean hasChatTemplate(Path dir) throws IOException {
        Path cfg = dir.resolve("tokenizer_config.json");
        return Files.isRegularFile(cfg) && Files.readString(cfg).contains("\"chat_template\"");
    }
}
