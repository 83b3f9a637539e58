package dev.azr4j.core.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed tasks in the original's file formats ({@code ../shared/data/azr-seed/}): a line with
 * {@code snippet}, {@code input}, {@code output}, {@code imports} is a triplet (abduction and
 * deduction); a line with {@code snippet}, {@code inputs}, {@code outputs}, {@code message} is an
 * induction problem. One file may hold either kind. When a kind is absent the identity task is used.
 */
public record SeedTasks(List<Triplet> triplets, List<InductionProblem> problems) {
    public SeedTasks {
        triplets = List.copyOf(triplets);
        problems = List.copyOf(problems);
    }

    /** The default seed: the identity program and the identity induction problem. */
    public static SeedTasks identity() {
        return new SeedTasks(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
    }

    /** Reads seed files; throws an IOException with one clear line on a missing or malformed file. */
    public static SeedTasks load(List<Path> files) throws IOException {
        List<Triplet> triplets = new ArrayList<>();
        List<InductionProblem> problems = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IOException("seed file not found: " + f);
            }
            int line = 0;
            for (String s : lines) {
                line++;
                if (s.isBlank()) continue;
                JsonNode n = BufferStore.parse(s, f, line);
                String program = BufferStore.text(n, "snippet", f, line);
                List<String> imports = BufferStore.strings(n.get("imports"));
                if (n.has("inputs")) {
                    List<String> in = BufferStore.strings(n.get("inputs"));
                    List<String> out = BufferStore.strings(n.get("outputs"));
                    if (in.isEmpty() || in.size() != out.size())
                        throw new IOException(f + " line " + line + ": \"inputs\" and \"outputs\" must be non-empty lists of equal length");
                    problems.add(new InductionProblem(program, in, out, BufferStore.text(n, "message", f, line), imports));
                } else {
                    triplets.add(new Triplet(program, BufferStore.text(n, "input", f, line),
                            BufferStore.text(n, "output", f, line), imports));
                }
            }
            if (line == 0) throw new IOException("seed file is empty: " + f);
        }
        if (triplets.isEmpty()) triplets.add(Triplet.identity());
        if (problems.isEmpty()) problems.add(InductionProblem.identity());
        return new SeedTasks(triplets, problems);
    }
}
