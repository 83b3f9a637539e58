package dev.azr4j.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code RUN/metrics.jsonl}. Lines that are not a JSON object (a torn line from a crash)
 * are skipped and counted. When a step appears more than once (a run resumed from an older
 * checkpoint repeats steps) the last line for that step wins.
 */
public final class MetricsReader {
    private MetricsReader() {}

    /** All rows of a metrics file sorted by step, one per step (the last line of a repeated step wins). */
    @SuppressWarnings("unchecked")
    public static Metrics read(Path file) throws IOException {
        JsonLines.Result<Map> lines = JsonLines.read(file, Map.class);
        Map<Long, Map<String, Object>> byStep = new LinkedHashMap<>();
        int skipped = lines.skippedLines();
        for (Map<String, Object> row : lines.values()) {
            if (!(row.get("step") instanceof Number n)) {
                skipped++;
                continue;
            }
            byStep.put(n.longValue(), Collections.unmodifiableMap(row));
        }
        List<Map<String, Object>> rows = new ArrayList<>(byStep.values());
        rows.sort((x, y) -> Long.compare(((Number) x.get("step")).longValue(), ((Number) y.get("step")).longValue()));
        return new Metrics(List.copyOf(rows), skipped);
    }

    /** The rows of a metrics file, sorted by step, and how many unreadable lines were skipped. */
    public record Metrics(List<Map<String, Object>> rows, int skippedLines) {
        /** Every key that occurs in any row, in order of first appearance. */
        public Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>();
            for (Map<String, Object> r : rows) keys.addAll(r.keySet());
            return keys;
        }

        /** The steps and values of one numeric key, over the rows that have it. */
        public Series series(String key) {
            long[] s = new long[rows.size()];
            double[] v = new double[rows.size()];
            int n = 0;
            for (Map<String, Object> r : rows) {
                double value = toDouble(r.get(key));
                if (Double.isNaN(value) && !"NaN".equals(r.get(key))) continue;
                s[n] = ((Number) r.get("step")).longValue();
                v[n] = value;
                n++;
            }
            return new Series(key, Arrays.copyOf(s, n), Arrays.copyOf(v, n));
        }

        /** The last row, if any. */
        public Optional<Map<String, Object>> last() {
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getLast());
        }

        private static double toDouble(Object o) {
            if (o instanceof Number n) return n.doubleValue();
            if (o instanceof Boolean b) return b ? 1 : 0;
            if (o instanceof String s) {
                return switch (s) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> Double.NaN;
                };
            }
            return Double.NaN;
        }
    }

    /** One metric over steps. */
    public record Series(String key, long[] steps, double[] values) {
        public int size() {
            return steps.length;
        }
    }
}
