package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared reference models (../shared/models); tests skip when they are absent. */
public final class Fixtures {
    private Fixtures() {}

    public static Path model(String name) {
        Path shared = Path.of(System.getProperty("azr.shared", "../shared"));
        Path dir = shared.resolve("models").resolve(name);
        assumeTrue(Files.isDirectory(dir), "shared reference model " + dir + " is absent; skipping");
        return dir;
    }

    public static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    public static int[] ints(JsonNode arr) {
        int[] a = new int[arr.size()];
        for (int i = 0; i < a.length; i++) a[i] = arr.get(i).asInt();
        return a;
    }
}
