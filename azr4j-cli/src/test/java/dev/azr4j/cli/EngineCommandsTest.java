package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** azr score / generate against the shared PyTorch reference model. */
class EngineCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path model() {
        Path dir = Path.of(System.getProperty("azr.shared", "../shared"), "models", "qwen2-tiny");
        assumeTrue(Files.isDirectory(dir), "shared reference model absent: " + dir);
        return dir;
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void scorePrintsTheReferenceLogprobs() throws Exception {
        Path dir = model();
        JsonNode ref = JSON.readTree(dir.resolve("reference.json").toFile()).get("logprobs").get(0);
        StringBuilder ids = new StringBuilder();
        for (JsonNode id : ref.get("ids")) ids.append(ids.isEmpty() ? "" : ",").append(id.asInt());
        Run r = run("score", "--model", dir.toString(), "--ids", ids.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode got = JSON.readTree(r.out()).get("logprobs");
        assertEquals(ref.get("logprobs").size(), got.size());
        for (int i = 0; i < got.size(); i++) assertEquals(ref.get("logprobs").get(i).asDouble(), got.get(i).asDouble(), 1e-4);
    }

    @Test
    void greedyGenerateMatchesTheReference() throws Exception {
        Path dir = model();
        JsonNode g = JSON.readTree(dir.resolve("reference.json").toFile()).get("greedy").get(1);
        StringBuilder ids = new StringBuilder();
        for (JsonNode id : g.get("prompt")) ids.append(ids.isEmpty() ? "" : ",").append(id.asInt());
        Run r = run("generate", "--model", dir.toString(), "--ids", ids.toString(), "--max-tokens",
                String.valueOf(g.get("continuation").size()), "--temperature", "0", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(g.get("continuation"), JSON.readTree(r.out()).get("ids"));
    }

    @Test
    void badInputGetsOneClearMessageAndExitCode2() {
        Path dir = model();
        Run badIds = run("score", "--model", dir.toString(), "--ids", "1,two,3");
        assertEquals(2, badIds.code());
        assertTrue(badIds.err().contains("'two' is not a token id"), badIds.err());
        Run outOfVocab = run("score", "--model", dir.toString(), "--ids", "1,99999");
        assertEquals(2, outOfVocab.code());
        assertTrue(outOfVocab.err().contains("outside the vocabulary"), outOfVocab.err());
        Run missing = run("generate", "--model", dir.resolve("nope").toString(), "--ids", "1", "--max-tokens", "3");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("not found"), missing.err());
    }
}
