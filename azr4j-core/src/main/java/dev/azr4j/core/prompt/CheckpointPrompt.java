package dev.azr4j.core.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The prompt format a checkpoint was trained with ({@code prompt.json}): the style of the task
 * prompts and the banned words they name. {@code azr eval} asks a trained model its CRUXEval items
 * with these same solver prompts, so that it is measured on the skill it was trained for.
 */
public record CheckpointPrompt(PromptStyle style, List<String> bannedWords) {
    public static final String FILE = "prompt.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckpointPrompt {
        bannedWords = List.copyOf(bannedWords);
    }

    public void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "azr");
        n.put("style", style.name().toLowerCase(Locale.ROOT));
        bannedWords.forEach(n.putArray("banned_words")::add);
        Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
    }

    /** The format saved in {@code dir}, or null when the checkpoint has no {@code prompt.json}. */
    public static CheckpointPrompt read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + " is not valid JSON: " + e.getOriginalMessage());
        }
        PromptStyle style;
        try {
            style = PromptStyle.valueOf(n.path("style").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": \"style\" must be \"full\" or \"compact\", got " + n.path("style"));
        }
        List<String> banned = new ArrayList<>();
        for (JsonNode w : n.path("banned_words")) banned.add(w.asText());
        return new CheckpointPrompt(style, banned);
    }
}
