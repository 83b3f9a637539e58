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

    /** The shipped probe sets by name: the in-distribution set first, then the generalization probes (issue 23). */
    public static final List<String> SHIPPED = List.of("probes-v1", "probes-shifted-v1", "probes-compositional-v1", "probes-multiline-v1");

    /** The in-distribution set, made by the environment's own generator: the default of {@code --bench probe}. */
    public static final String DEFAULT = SHIPPED.getFirst();

    private static final String DIR = "dev/azr4j/core/probes/";

    /** The classpath resource of the shipped probe set (built by {@code azr probes build} with the default settings). */
    public static final String BUILTIN = resource(DEFAULT);

    /** The trick baselines of the shipped set, as {@code azr probes baselines} measures them (a test checks they agree). */
    public static final String BUILTIN_BASELINES = baselinesResource(DEFAULT);

    /** Whether {@code name} names a shipped probe set. */
    public static boolean isShipped(String name) {
        return SHIPPED.contains(name);
    }

    /** The classpath resource of the shipped set {@code name}. */
    public static String resource(String name) {
        return DIR + name + ".jsonl";
    }

    static String baselinesResource(String name) {
        return DIR + name + ".baselines.json";
    }

    /**
     * The stored baselines of the shipped set ({@code bestConstantAnswer} left empty): measuring them
     * grades every candidate constant on every item, minutes of executor time that a training run's
     * probe metrics should not spend.
     */
    public static List<ProbeBaselines.Baseline> builtinBaselines() {
        return shippedBaselines(DEFAULT);
    }

    /** The stored baselines of the shipped set {@code name}. */
    public static List<ProbeBaselines.Baseline> shippedBaselines(String name) {
        String res = baselinesResource(known(name));
        try (InputStream in = ProbeFiles.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException(res + " is missing from the classpath");
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
        return shipped(DEFAULT);
    }

    /** The shipped probe set {@code name}. */
    public static List<ProbeItem> shipped(String name) {
        String res = resource(known(name));
        try (InputStream in = ProbeFiles.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("the shipped probe set " + res + " is missing from the classpath");
            return parse(in, res);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The programs of every shipped set, each once: what neither the environment nor a proposal may
     * ever bring into training.
     */
    public static List<String> shippedPrograms() {
        java.util.Set<String> programs = new java.util.LinkedHashSet<>();
        for (String name : SHIPPED) for (ProbeItem it : shipped(name)) programs.add(it.code());
        return List.copyOf(programs);
    }

    private static String known(String name) {
        if (!isShipped(name)) throw new UserException("no shipped probe set '" + name + "'; shipped are " + String.join(", ", SHIPPED));
        return name;
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
        return shippedAsFile(DEFAULT);
    }

    /** The shipped set {@code name} written to a temporary file (deleted on exit), for readers that take a file. */
    public static Path shippedAsFile(String name) throws IOException {
        List<ProbeItem> items = shipped(name);
        Path file = java.nio.file.Files.createTempFile("azr-" + name + "-", ".jsonl");
        file.toFile().deleteOnExit();
        write(file, items);
        return file;
    }
}
