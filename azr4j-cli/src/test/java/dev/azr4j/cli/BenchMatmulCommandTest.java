package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMatmulCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = AzrCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void customShapeReportsEveryVariantAsJson() throws Exception {
        Run r = run("bench", "matmul", "--threads", "2", "--m", "9", "--n", "33", "--k", "17", "--json", "--min-time-ms", "5");
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.get("threads").asInt());
        assertTrue(root.get("peak").get("peak_gflops").asDouble() > 0);
        JsonNode results = root.get("results");
        assertEquals(3, results.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(new String[] {"transB", "plain", "transA"}[i], results.get(i).get("variant").asText());
            assertEquals(9, results.get(i).get("m").asInt());
            assertTrue(results.get(i).get("gflops").asDouble() > 0);
        }
    }

    @Test
    void transformerShapesCoverTrainingAndDecoding() throws Exception {
        Run r = run("bench", "matmul", "--json", "--min-time-ms", "1", "--batch", "1", "--seq", "8", "--d-model", "16",
                "--ffn", "32", "--vocab", "20", "--decode-rows", "2", "--variants", "transB,transA");
        assertEquals(0, r.exit(), r.err());
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        assertEquals(2 * 4 * 2, results.size());
        JsonNode firstWeightGrad = results.get(1); // attention layer, transA: m=out, n=in, k=tokens
        assertEquals("transA", firstWeightGrad.get("variant").asText());
        assertEquals(16, firstWeightGrad.get("m").asInt());
        assertEquals(8, firstWeightGrad.get("k").asInt());
        assertEquals("attn@2", results.get(8).get("layer").asText());
    }

    @Test
    void badOptionsGetOneClearMessage() {
        Run r = run("bench", "matmul", "--m", "5");
        assertEquals(2, r.exit());
        assertEquals("azr bench matmul: --m, --n and --k must be given together", r.err().strip());
        assertEquals(2, run("bench", "matmul", "--variants", "fast").exit());
        assertEquals(2, run("bench", "matmul", "--threads", "0").exit());
    }
}
