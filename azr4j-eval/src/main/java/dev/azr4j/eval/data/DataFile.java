package dev.azr4j.eval.data;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.azr4j.core.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a benchmark's JSON-lines file as published ({@code .gz} too). Every line must be a JSON
 * object; a line that is not is a {@link UserException} naming the file and line. Python's
 * {@code json.dumps} writes {@code Infinity} and {@code NaN}, which are accepted.
 */
public final class DataFile {
    /** Lenient about what Python's json module writes: NaN, Infinity. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private DataFile() {}

    /** One JSON object per non-blank line, with its 1-based line number. */
    public record Line(int number, JsonNode node) {}

    public static List<Line> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
            throw new UserException(file + " is not a file (expected a JSON-lines data file)");
        }
        List<Line> lines = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            int n = 0;
            while ((text = r.readLine()) != null) {
                n++;
                if (text.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (IOException e) {
                    throw new UserException(file + " line " + n + " is not JSON (expected one JSON object per line)");
                }
                if (node == null || !node.isObject())
                    throw new UserException(file + " line " + n + " is not a JSON object (expected one JSON object per line)");
                lines.add(new Line(n, node));
            }
        } catch (java.util.zip.ZipException e) {
            throw new UserException(file + " is not a valid gzip file: " + e.getMessage());
        }
        if (lines.isEmpty()) throw new UserException(file + " holds no items (expected one JSON object per line)");
        return lines;
    }

    /** The text of a required field; its absence names the file, line, field and the format expected. */
    public static String text(Path file, Line line, String field, String format) {
        JsonNode v = line.node().get(field);
        if (v == null || v.isNull())
            throw new UserException(file + " line " + line.number() + " has no field '" + field + "' (expected the " + format + " format)");
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** The text of an optional field, or null. */
    public static String optionalText(Line line, String field) {
        JsonNode v = line.node().get(field);
        if (v == null || v.isNull()) return null;
        return v.isTextual() ? v.asText() : v.toString();
    }
}
