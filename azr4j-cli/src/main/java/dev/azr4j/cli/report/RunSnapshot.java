package dev.azr4j.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.core.run.JsonLines;
import dev.azr4j.core.run.MetricsReader;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.task.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the report shows, read from a run directory only (never the model): the resolved
 * configuration, the metrics, the newest samples, the newest buffer entries, the safety flags and
 * the checkpoints. Whatever is missing or unreadable is noted in {@link #notes()}, never fatal: a run
 * with no steps yet, or one whose last metrics line is torn, still makes a page.
 *
 * @param root         the run directory
 * @param config       {@code config.yaml} as text
 * @param metrics      the metrics rows (empty when there are none yet)
 * @param samples      rows of the newest {@code samples/step-N.jsonl} files, newest step first
 * @param buffers      per task type, the newest buffer entries (newest first)
 * @param bufferSizes  per task type, the entries in its buffer file (-1: no file)
 * @param flags        the safety flags, in order
 * @param checkpoints  the steps of the complete checkpoints
 * @param notes        what is missing or was skipped, one sentence each
 */
public record RunSnapshot(Path root, String config, MetricsReader.Metrics metrics, List<JsonNode> samples,
                          Map<String, List<JsonNode>> buffers, Map<String, Integer> bufferSizes, List<JsonNode> flags,
                          List<Long> checkpoints, List<String> notes) {
    /** Samples files read (the newest ones). */
    static final int SAMPLE_STEPS = 50;
    /** Buffer entries kept per task type (the newest). */
    static final int BUFFER_ENTRIES = 200;
    private static final Pattern SAMPLE_FILE = Pattern.compile("step-(\\d+)\\.jsonl");

    /** Reads {@code root}; a path that is no run directory is a UserException (one line, exit 2). */
    public static RunSnapshot read(Path root) throws IOException {
        RunDirectory run = RunDirectory.open(root);
        List<String> notes = new ArrayList<>();
        String config = Files.readString(run.config(), StandardCharsets.UTF_8);

        MetricsReader.Metrics metrics = new MetricsReader.Metrics(List.of(), 0);
        if (!Files.isRegularFile(run.metrics())) {
            notes.add("metrics.jsonl does not exist yet: the run has not finished a step, so there are no curves.");
        } else {
            metrics = MetricsReader.read(run.metrics());
            if (metrics.rows().isEmpty()) notes.add("metrics.jsonl holds no complete step yet, so there are no curves.");
            if (metrics.skippedLines() > 0) {
                notes.add("metrics.jsonl: " + metrics.skippedLines() + " unreadable line(s) skipped"
                        + (endsTorn(run.metrics()) ? "; its last line is incomplete (a step being written, or an interrupted run)" : "") + ".");
            }
        }

        List<JsonNode> samples = readSamples(run, notes);
        Map<String, List<JsonNode>> buffers = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (TaskType t : TaskType.STEP_ORDER) {
            Path f = run.buffer(t.id());
            if (!Files.isRegularFile(f)) {
                sizes.put(t.id(), -1);
                buffers.put(t.id(), List.of());
                continue;
            }
            JsonLines.Result<JsonNode> r = JsonLines.read(f, JsonNode.class);
            if (r.skippedLines() > 0) notes.add("buffers/" + t.id() + ".jsonl: " + r.skippedLines() + " unreadable line(s) skipped.");
            List<JsonNode> entries = new ArrayList<>(r.values());
            sizes.put(t.id(), entries.size());
            List<JsonNode> newest = new ArrayList<>(entries.subList(Math.max(0, entries.size() - BUFFER_ENTRIES), entries.size()));
            java.util.Collections.reverse(newest);
            buffers.put(t.id(), newest);
        }
        if (sizes.values().stream().allMatch(n -> n < 0)) notes.add("buffers/ holds no buffer files yet (they are written with each checkpoint).");

        List<JsonNode> flags = List.of();
        if (Files.isRegularFile(run.flags())) {
            JsonLines.Result<JsonNode> r = JsonLines.read(run.flags(), JsonNode.class);
            if (r.skippedLines() > 0) notes.add("flags.jsonl: " + r.skippedLines() + " unreadable line(s) skipped.");
            flags = r.values();
        } else {
            notes.add("flags.jsonl does not exist: this run was made before the safety monitor, or has not started a step.");
        }
        return new RunSnapshot(root, config, metrics, samples, buffers, sizes, flags, run.checkpointSteps(), notes);
    }

    private static List<JsonNode> readSamples(RunDirectory run, List<String> notes) throws IOException {
        List<long[]> files = new ArrayList<>();
        if (Files.isDirectory(run.samples())) {
            try (var s = Files.list(run.samples())) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Matcher m = SAMPLE_FILE.matcher(p.getFileName().toString());
                    if (m.matches()) files.add(new long[] {Long.parseLong(m.group(1))});
                }
            }
        }
        files.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
        List<JsonNode> rows = new ArrayList<>();
        int skipped = 0;
        for (long[] f : files.subList(0, Math.min(SAMPLE_STEPS, files.size()))) {
            JsonLines.Result<JsonNode> r = JsonLines.read(run.samples(f[0]), JsonNode.class);
            skipped += r.skippedLines();
            rows.addAll(r.values());
        }
        if (files.isEmpty()) notes.add("samples/ holds no step files yet, so there are no proposals or answers to read.");
        if (skipped > 0) notes.add("samples/: " + skipped + " unreadable line(s) skipped.");
        return rows;
    }

    private static boolean endsTorn(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) return false;
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) != '\n';
        }
    }

    /** Steps recorded in the metrics. */
    public int steps() {
        return metrics.rows().size();
    }
}
