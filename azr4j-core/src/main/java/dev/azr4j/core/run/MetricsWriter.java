package dev.azr4j.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per step to {@code RUN/metrics.jsonl} (see {@link JsonLinesWriter}:
 * one write per line, flushed to the OS at once, never truncated on reopen, a torn last line
 * repaired). Each row needs a numeric {@code step}, written as the first key.
 */
public final class MetricsWriter implements AutoCloseable {
    private final JsonLinesWriter lines;

    private MetricsWriter(JsonLinesWriter lines) {
        this.lines = lines;
    }

    /** Opens {@code file} for appending, creating it if missing and repairing a torn last line. */
    public static MetricsWriter open(Path file) throws IOException {
        return new MetricsWriter(JsonLinesWriter.open(file));
    }

    /**
     * Appends one row. Numbers that are not finite are written as the strings {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers).
     */
    public void append(Map<String, ?> row) throws IOException {
        if (!(row.get("step") instanceof Number)) {
            throw new IllegalArgumentException("a metrics row needs a numeric 'step', got " + row.get("step"));
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("step", row.get("step"));
        for (Map.Entry<String, ?> e : row.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d && !Double.isFinite(d)) v = d.toString();
            if (v instanceof Float f && !Float.isFinite(f)) v = Double.toString(f);
            ordered.put(e.getKey(), v);
        }
        lines.append(ordered);
    }

    public Path file() {
        return lines.file();
    }

    /** Forces the lines to disk and closes the file. */
    @Override
    public void close() throws IOException {
        lines.close();
    }
}
