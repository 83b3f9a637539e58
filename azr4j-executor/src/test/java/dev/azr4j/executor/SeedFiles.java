package dev.azr4j.executor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The original's seed files in ../shared/data/azr-seed/, read as (program, input(s), output(s)) rows. */
final class SeedFiles {
    private SeedFiles() {}

    record Triple(String file, int line, String program, String input, String output) {}

    record Problem(String file, int line, String program, List<String> inputs, List<String> outputs) {}

    static Path dir() {
        String shared = System.getProperty("azr.shared", "../shared");
        Path d = Path.of(shared, "data", "azr-seed");
        assumeTrue(Files.isDirectory(d), "skipped: seed files not found at " + d.toAbsolutePath());
        return d;
    }

    static List<Path> files(boolean induction) {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith("_seed_io.jsonl"))
                    .filter(p -> p.getFileName().toString().contains("_code_f_") == induction)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The program as the original ran it: its stored import lines in front of the snippet. */
    static String program(JsonNode row) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode imp : row.path("imports")) sb.append(imp.asText()).append('\n');
        return sb.append(row.get("snippet").asText()).toString();
    }

    static List<Triple> triples() {
        List<Triple> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files(false)) {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode row = parse(json, lines.get(i));
                out.add(new Triple(f.getFileName().toString(), i + 1, program(row), row.get("input").asText(), row.get("output").asText()));
            }
        }
        return out;
    }

    static List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files(true)) {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode row = parse(json, lines.get(i));
                List<String> ins = new ArrayList<>(), outs = new ArrayList<>();
                row.get("inputs").forEach(n -> ins.add(n.asText()));
                row.get("outputs").forEach(n -> outs.add(n.asText()));
                out.add(new Problem(f.getFileName().toString(), i + 1, program(row), ins, outs));
            }
        }
        return out;
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
