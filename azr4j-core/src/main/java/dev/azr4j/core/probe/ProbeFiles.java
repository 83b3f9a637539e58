package dev.azr4j.core.probe;

import dev.azr4j.core.UserException;
import dev.azr4j.core.run.AtomicFiles;
import dev.azr4j.core.run.JsonLinesWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Probe sets as JSON lines: the one shipped with azr4j, and files written or read by the user. */
public final class ProbeFiles {
    private ProbeFiles() {}

    /** The classpath resource of the shipped probe set (built by {@code azr probes build} with the default settings). */
    public static final String BUILTIN = "dev/azr4j/core/probes/probes-v1.jsonl";

    /** The trick baselines of the shipped set, as {@code azr probes baselines} measures them (a test checks they agree). */
    public static final String BUILTIN_BASELINES = "dev/azr4j/core/probes/probes-v1.baselines.json";

    /**
     * The stored baselines of the shipped set ({@code bestConstantAnswer} left empty): measuring them
     * grades every candidate constant on every item, minutes of executor time that a training run's
     * probe metrics should not spend.
     */
    public static List<ProbeBaselines.Baseline> builtinBaselines() {
        try (InputStream in = ProbeFiles.class.getClassLoader().getResourceAsStream(BUILTIN_BASELINES)) {
            if (in == null) throw new IllegalStateException(BUILTIN_BASELINES + " is missing from the classpath");
            List<ProbeBaselines.Baseline> out = new java.util.ArrayList<>();
            for (var n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)) {
                out.add(new ProbeBaselines.Baseline(n.get("task").asText(), n.get("items").asInt(),
                        n.get("best_constant").asDouble(), "", n.get("copy").asDouble()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The probe set shipped with azr4j. */
    public static List<ProbeItem> builtin() {
        try (InputStream in = ProbeFiles.class.getClassLoader().getResourceAsStream(BUILTIN)) {
            if (in == null) throw new IllegalStateException("the built-in probe set " + BUILTIN + " is missing from the classpath");
            return parse(in, BUILTIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The items of {@code file}; a missing file or a malformed line is a {@link UserException} naming it. */
    public static List<ProbeItem> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserException("probe file not found: " + file);
        } catch (IOException e) {
            throw new UserException("cannot read probe file " + file + ": " + e.getMessage());
        }
    }

    /** Writes {@code items} to {@code file} atomically, one JSON object a line. */
    public static void write(Path file, List<ProbeItem> items) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ProbeItem it : items) text.append(JsonLinesWriter.JSON.writeValueAsString(it)).append('\n');
        AtomicFiles.writeString(file, text.toString());
    }

    private static List<ProbeItem> parse(InputStream in, String name) throws IOException {
        List<ProbeItem> items = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        for (int n = 1; (line = r.readLine()) != null; n++) {
            if (line.isBlank()) continue;
            try {
                items.add(JsonLinesWriter.JSON.readValue(line, ProbeItem.class));
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                throw new UserException(name + ":" + n + ": not a probe item (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        return items;
    }

    /** The shipped set written to a temporary file (deleted on exit), for readers that take a file. */
    public static Path builtinAsFile() throws IOException {
        Path file = java.nio.file.Files.createTempFile("azr-probes-", ".jsonl");
        file.toFile().deleteOnExit();
        write(file, builtin());
        return file;
    }
}
