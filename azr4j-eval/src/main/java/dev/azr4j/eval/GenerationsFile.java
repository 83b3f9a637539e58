package dev.azr4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.core.UserException;
import dev.azr4j.eval.data.DataFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completions made elsewhere, by item id. Two forms are read:
 * <ul>
 * <li>a JSON object mapping each id to a list of completion strings, CRUXEval's published
 *     {@code raw_generations} format; a scored-results file (with {@code raw_generations} inside) is accepted as well;
 * <li>JSON lines {@code {"id": ..., "completions": [...]}} (also {@code task_id}, and
 *     {@code completion} or {@code solution} for one string per line, lines of one id adding up, as EvalPlus samples do).
 * </ul>
 */
public final class GenerationsFile {
    private GenerationsFile() {}

    public static Map<String, List<String>> read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        String text = Files.readString(file);
        String trimmed = text.stripLeading();
        JsonNode whole = null;
        try (var parser = DataFile.JSON.createParser(text)) {
            whole = DataFile.JSON.readTree(parser);
            if (parser.nextToken() != null) whole = null;   // more than one value: JSON lines
        } catch (IOException e) {
            whole = null;   // not one JSON value: JSON lines
        }
        if (whole != null && whole.isObject() && !looksLikeLine(whole)) {
            JsonNode map = whole.has("raw_generations") ? whole.get("raw_generations") : whole;
            return fromMap(file, map);
        }
        if (!trimmed.startsWith("{"))
            throw new UserException(file + " is not a generations file (expected a JSON object of id → list of completions, or JSON lines with id and completions)");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (DataFile.Line l : DataFile.read(file)) {
            JsonNode n = l.node();
            JsonNode id = n.has("id") ? n.get("id") : n.get("task_id");
            if (id == null || id.isNull())
                throw new UserException(file + " line " + l.number() + " has no 'id' (expected {\"id\": ..., \"completions\": [...]})");
            List<String> list = out.computeIfAbsent(id.asText(), k -> new ArrayList<>());
            JsonNode cs = n.get("completions");
            if (cs != null && cs.isArray()) {
                for (JsonNode c : cs) list.add(c.asText());
            } else if (n.hasNonNull("completion") || n.hasNonNull("solution")) {
                list.add((n.hasNonNull("completion") ? n.get("completion") : n.get("solution")).asText());
            } else {
                throw new UserException(file + " line " + l.number() + " has no 'completions' list (expected {\"id\": ..., \"completions\": [...]})");
            }
        }
        return out;
    }

    private static boolean looksLikeLine(JsonNode n) {
        return (n.has("id") || n.has("task_id")) && (n.has("completions") || n.has("completion") || n.has("solution"));
    }

    private static Map<String, List<String>> fromMap(Path file, JsonNode map) {
        if (!map.isObject()) throw new UserException(file + ": expected a JSON object mapping ids to lists of completions");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            List<String> list = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode c : v) {
                    if (!c.isTextual()) throw new UserException(file + ": the completions of '" + e.getKey() + "' are not all strings");
                    list.add(c.asText());
                }
            } else if (v.isTextual()) {
                list.add(v.asText());
            } else {
                throw new UserException(file + ": '" + e.getKey() + "' maps to " + v.getNodeType().name().toLowerCase()
                        + ", expected a list of completion strings");
            }
            out.put(e.getKey(), list);
        }
        return out;
    }
}
