package dev.azr4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON-lines files written by {@link JsonLinesWriter}. Lines that are not valid JSON (a
 * line torn by a crash) or do not fit the requested type are skipped and counted, never fatal.
 */
public final class JsonLines {
    private JsonLines() {}

    /** The values of a file and the number of lines skipped as unreadable. */
    public record Result<T>(List<T> values, int skippedLines) {}

    /** Every line of {@code file} as a {@code type} (a record, {@code Map.class}, {@code JsonNode.class}...). */
    public static <T> Result<T> read(Path file, Class<T> type) throws IOException {
        List<T> values = new ArrayList<>();
        int skipped = 0;
        // A decoder that replaces malformed bytes: a torn line may end inside a multi-byte character.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode node = parse(line);
                T value = null;
                if (node != null) {
                    try {
                        value = JsonLinesWriter.JSON.treeToValue(node, type);
                    } catch (JsonProcessingException | IllegalArgumentException e) {
                        value = null;
                    }
                }
                if (value == null) {
                    skipped++;
                } else {
                    values.add(value);
                }
            }
        }
        return new Result<>(values, skipped);
    }

    /** One line as JSON, or null if it is not one whole JSON value. */
    static JsonNode parse(String line) {
        try {
            var parser = JsonLinesWriter.JSON.createParser(line);
            JsonNode node = JsonLinesWriter.JSON.readTree(parser);
            return node == null || parser.nextToken() != null ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
