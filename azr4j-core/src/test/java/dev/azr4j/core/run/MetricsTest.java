package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(long step, double loss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy/loss", loss);
        m.put("step", step);
        m.put("buffer/deduction/size", 10 * step);
        return m;
    }

    @Test
    void eachAppendIsOneLineOnDiskBeforeClose() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(1, 0.5));
            List<String> lines = Files.readAllLines(f);
            assertEquals(1, lines.size(), "visible to readers before close");
            assertTrue(lines.getFirst().startsWith("{\"step\":1,"), "step comes first: " + lines.getFirst());
            w.append(row(2, 0.25));
        }
        MetricsReader.Metrics m = MetricsReader.read(f);
        assertEquals(2, m.rows().size());
        assertEquals(0, m.skippedLines());
        assertEquals(List.of("step", "policy/loss", "buffer/deduction/size"), List.copyOf(m.keys()));
        MetricsReader.Series loss = m.series("policy/loss");
        assertArrayEquals(new long[] {1, 2}, loss.steps());
        assertArrayEquals(new double[] {0.5, 0.25}, loss.values());
        assertEquals(20L, ((Number) m.last().orElseThrow().get("buffer/deduction/size")).longValue());
    }

    @Test
    void reopeningAppendsAndNeverTruncates() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(1, 1));
            w.append(row(2, 2));
        }
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(3, 3));
        }
        assertEquals(3, Files.readAllLines(f).size());
        assertArrayEquals(new long[] {1, 2, 3}, MetricsReader.read(f).series("policy/loss").steps());
    }

    @Test
    void tornLastLineIsCutOnReopenAndSkippedByTheReader() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(1, 1));
            w.append(row(2, 2));
        }
        Files.writeString(f, "{\"step\":3,\"policy/lo", StandardOpenOption.APPEND);
        MetricsReader.Metrics torn = MetricsReader.read(f);
        assertEquals(2, torn.rows().size());
        assertEquals(1, torn.skippedLines());

        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(3, 3));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("{\"step\":3,\"policy/loss\":3.0"), lines.get(2));
        assertEquals(0, MetricsReader.read(f).skippedLines());
    }

    @Test
    void completeLastLineWithoutNewlineIsKept() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, "{\"step\":1,\"x\":1}\n{\"step\":2,\"x\":2}");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(Map.of("step", 3, "x", 3));
        }
        assertArrayEquals(new double[] {1, 2, 3}, MetricsReader.read(f).series("x").values());
    }

    @Test
    void tornMultiByteCharacterDoesNotBreakTheReader() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        byte[] good = "{\"step\":1,\"x\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] torn = "{\"step\":2,\"note\":\"é".getBytes(StandardCharsets.UTF_8);
        Files.write(f, good);
        Files.write(f, java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);
        assertEquals(1, MetricsReader.read(f).rows().size());
    }

    @Test
    void repeatedStepsKeepTheLastLine() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(row(1, 1));
            w.append(row(2, 2));
            w.append(row(2, 20));
            w.append(row(3, 3));
        }
        assertArrayEquals(new double[] {1, 20, 3}, MetricsReader.read(f).series("policy/loss").values());
        assertEquals(4, Files.readAllLines(f).size(), "the file itself keeps every line");
    }

    @Test
    void nonFiniteNumbersSurviveAndMissingKeysAreSkippedInSeries() throws IOException {
        Path f = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = MetricsWriter.open(f)) {
            w.append(Map.of("step", 1, "grad", Double.NaN));
            w.append(Map.of("step", 2, "grad", Double.POSITIVE_INFINITY, "other", 1));
            w.append(Map.of("step", 3, "other", "text"));
        }
        MetricsReader.Series grad = MetricsReader.read(f).series("grad");
        assertArrayEquals(new long[] {1, 2}, grad.steps());
        assertTrue(Double.isNaN(grad.values()[0]));
        assertEquals(Double.POSITIVE_INFINITY, grad.values()[1]);
        assertArrayEquals(new long[] {2}, MetricsReader.read(f).series("other").steps());
    }

    @Test
    void rowWithoutStepIsRefused() throws IOException {
        try (MetricsWriter w = MetricsWriter.open(dir.resolve("m.jsonl"))) {
            assertThrows(IllegalArgumentException.class, () -> w.append(Map.of("loss", 1)));
        }
    }
}
