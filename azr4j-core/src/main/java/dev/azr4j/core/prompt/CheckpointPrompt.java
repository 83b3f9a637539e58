package dev.azr4j.core.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prompt format a checkpoint was trained with ({@code prompt.json}): the style of the task
 * prompts, the banned words they name, and the grammar each solver role decoded under (by task
 * type id; absent = unconstrained). {@code azr eval} asks a trained model its CRUXEval and probe
 * items with these same solver prompts and grammars, so that it is measured on the skill it was
 * trained for. Grammars are stored as their GBNF text where they have one, so the checkpoint does
 * not depend on the files of the run that wrote it.
 */
public record CheckpointPrompt(PromptStyle style, List<String> bannedWords, Map<String, GrammarSource> solverGrammars) {
    public static final String FILE = "prompt.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckpointPrompt {
        bannedWords = List.copyOf(bannedWords);
        solverGrammars = solverGrammars == null ? Map.of() : Map.copyOf(solverGrammars);
    }

    public CheckpointPrompt(PromptStyle style, List<String> bannedWords) {
        this(style, bannedWords, Map.of());
    }

    /** The grammar the solver of task type {@code t} was trained under, or null. */
    public GrammarSource solverGrammar(TaskType t) {
        return solverGrammars.get(t.id());
    }

    public void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "azr");
        n.put("style", style.name().toLowerCase(Locale.ROOT));
        bannedWords.forEach(n.putArray("banned_words")::add);
        if (!solverGrammars.isEmpty()) {
            ObjectNode g = n.putObject("solver_grammars");
            new TreeMap<>(solverGrammars).forEach((type, src) -> {
                ObjectNode one = g.putObject(type);
                one.put("name", src.name());
                if (src.gbnf() != null) one.put("gbnf", src.gbnf());
            });
        }
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
            throw new IOException(f + ": \"style\" must be \"full\", \"compact\", \"terse\" or \"bare\", got " + n.path("style"));
        }
        List<String> banned = new ArrayList<>();
        for (JsonNode w : n.path("banned_words")) banned.add(w.asText());
        Map<String, GrammarSource> grammars = new HashMap<>();
        for (var e : n.path("solver_grammars").properties()) {
            String name = e.getValue().path("name").asText("");
            if (name.isBlank()) throw new IOException(f + ": solver_grammars." + e.getKey() + " has no \"name\"");
            JsonNode gbnf = e.getValue().get("gbnf");
            grammars.put(e.getKey(), gbnf == null || gbnf.isNull() ? GrammarSource.named(name) : GrammarSource.text(name, gbnf.asText()));
        }
        return new CheckpointPrompt(style, banned, grammars);
    }
}
