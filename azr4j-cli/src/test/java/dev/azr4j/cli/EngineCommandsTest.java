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
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.ModelCheckpoint;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void generateFromTextWithTheModelsByteTokenizer(@TempDir Path dir) throws Exception {
        ModelConfig c = new ModelConfig(ModelConfig.QWEN2, ByteTokenizer.VOCAB_SIZE, 32, 48, 2, 4, 2, 8, 1e4, 1e-6,
                true, false, true, 256, ByteTokenizer.ENDOFTEXT, List.of(ByteTokenizer.ENDOFTEXT));
        ModelCheckpoint.save(Transformer.random(c, 3, new ReferenceBackend()), dir, DType.F32);
        Tokenizers.save(ByteTokenizer.instance(), dir);
        Run text = run("generate", "--model", dir.toString(), "--prompt", "Hello", "--max-tokens", "6",
                "--temperature", "0", "--stop-id", "999", "--json");
        assertEquals(0, text.code(), text.err());
        JsonNode out = JSON.readTree(text.out());
        StringBuilder ids = new StringBuilder();
        for (int b : ByteTokenizer.instance().encode("Hello")) ids.append(ids.isEmpty() ? "" : ",").append(b);
        Run byIds = run("generate", "--model", dir.toString(), "--ids", ids.toString(), "--max-tokens", "6",
                "--temperature", "0", "--stop-id", "999", "--json");
        assertEquals(out.get("ids"), JSON.readTree(byIds.out()).get("ids"));
        int[] cont = new int[out.get("ids").size()];
        for (int i = 0; i < cont.length; i++) cont[i] = out.get("ids").get(i).asInt();
        assertEquals(ByteTokenizer.instance().decode(cont), out.get("text").asText());
        Run plain = run("generate", "--model", dir.toString(), "--prompt", "Hello", "--max-tokens", "6", "--temperature", "0",
                "--stop-id", "999");
        assertEquals(ByteTokenizer.instance().decode(cont) + System.lineSeparator(), plain.out());
        Run byText = run("score", "--model", dir.toString(), "--text", "Hello");
        Run byHelloIds = run("score", "--model", dir.toString(), "--ids", ids.toString());
        assertEquals(0, byText.code(), byText.err());
        assertEquals(byHelloIds.out(), byText.out(), "score --text is score --ids of the text's tokens");
    }

    private static Path byteModel(Path dir) throws Exception {
        ModelConfig c = new ModelConfig(ModelConfig.QWEN2, ByteTokenizer.VOCAB_SIZE, 32, 48, 2, 4, 2, 8, 1e4, 1e-6,
                true, false, true, 256, ByteTokenizer.ENDOFTEXT, List.of(ByteTokenizer.ENDOFTEXT));
        ModelCheckpoint.save(Transformer.random(c, 3, new ReferenceBackend()), dir, DType.F32);
        Tokenizers.save(ByteTokenizer.instance(), dir);
        return dir;
    }

    @Test
    void samplesAreIndependentAndPrintedOneJsonObjectALine(@TempDir Path dir) throws Exception {
        byteModel(dir);
        Run r = run("generate", "--model", dir.toString(), "--prompt", "Hi", "--max-tokens", "8", "--temperature", "1.5",
                "--samples", "6", "--seed", "4", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size());
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            assertEquals(o.get("ids").size(), o.get("logprobs").size());
            assertTrue(o.has("text") && o.has("finish_reason"), line);
            distinct.add(o.get("ids").toString());
        }
        assertTrue(distinct.size() > 1, "independent samples differ");
        Run bad = run("generate", "--model", dir.toString(), "--prompt", "Hi", "--max-tokens", "8", "--samples", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--samples"), bad.err());
    }

    /** Needs the grammar engine (dev.azr4j.model.grammar.Grammars) behind EngineGrammars. */
    @Test
    void aGrammarConstrainsEverySample(@TempDir Path dir) throws Exception {
        byteModel(dir);
        Path g = Files.writeString(dir.resolve("yes-no.gbnf"), "root ::= \"yes\" | \"no\"\n");
        Run r = run("generate", "--model", dir.toString(), "--prompt", "Answer:", "--max-tokens", "20", "--temperature", "1.5",
                "--samples", "12", "--grammar", g.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(12, lines.size());
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            String text = o.get("text").asText();
            assertTrue(text.equals("yes") || text.equals("no"), "the text is the completion, without the end-of-text marker: " + line);
            JsonNode ids = o.get("ids");
            if (o.get("finish_reason").asText().equals("stop_token"))
                assertEquals(ByteTokenizer.ENDOFTEXT, ids.get(ids.size() - 1).asInt(), "the ids keep the stop token: " + line);
            assertTrue(List.of("grammar_complete", "stop_token").contains(o.get("finish_reason").asText()), line);
            for (JsonNode lp : o.get("logprobs")) assertTrue(lp.asDouble() <= 1e-6);
        }
        Path broken = Files.writeString(dir.resolve("broken.gbnf"), "root ::= (\n");
        Run bad = run("generate", "--model", dir.toString(), "--prompt", "x", "--max-tokens", "3", "--grammar", broken.toString());
        assertEquals(2, bad.code(), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        Run missing = run("generate", "--model", dir.toString(), "--prompt", "x", "--max-tokens", "3",
                "--grammar", dir.resolve("absent.gbnf").toString());
        assertEquals(2, missing.code(), missing.err());
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
        Run noTokenizer = run("generate", "--model", dir.toString(), "--prompt", "hi", "--max-tokens", "3");
        assertEquals(2, noTokenizer.code());
        assertTrue(noTokenizer.err().contains("tokenizer.json"), noTokenizer.err());
        Run scoreNoTokenizer = run("score", "--model", dir.toString(), "--text", "hi");
        assertEquals(2, scoreNoTokenizer.code());
        assertEquals(1, scoreNoTokenizer.err().lines().count(), scoreNoTokenizer.err());
    }
}
