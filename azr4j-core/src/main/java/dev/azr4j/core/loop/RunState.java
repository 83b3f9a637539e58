package dev.azr4j.core.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The loop's own state in a checkpoint ({@code state.json}): the last completed step, the run's seed
 * and the wall time spent so far. Every random choice of step t is drawn from
 * {@link #stepSeed(long, long)}, so the seed and the step are all the random state a resume needs.
 */
public record RunState(long step, long seed, double elapsedSeconds) {
    public static final String FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path dir) throws IOException {
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.createObjectNode()
                .put("step", step).put("seed", seed).put("elapsed_s", elapsedSeconds)
                .put("rng", "per-step SplittableRandom(stepSeed(seed, step))"));
        Files.writeString(dir.resolve(FILE), text + "\n", StandardCharsets.UTF_8);
    }

    public static RunState read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.path("step").canConvertToLong() || !n.path("seed").canConvertToLong())
            throw new IOException(f + " must hold numeric \"step\" and \"seed\"");
        return new RunState(n.get("step").asLong(), n.get("seed").asLong(), n.path("elapsed_s").asDouble(0));
    }

    /** The seed of step {@code step} of a run seeded with {@code seed} (SplitMix64 finaliser of both). */
    public static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
