package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizeCommandTest {
    private static final Path QWEN3 = Path.of(System.getProperty("azr.shared", "../shared"), "tokenizers", "qwen3");

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static synchronized Result run(String stdin, String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CommandLine cl = AzrCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Result(exit, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void encodesEachLineWithTheByteTokenizer() {
        Result r = run("{\"text\": \"hé\"}\n{\"text\": \"<|im_end|>\"}\n{\"text\": \"\"}\n", "tokenize", "--bytes");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("{\"ids\": [104, 195, 169]}", "{\"ids\": [258]}", "{\"ids\": []}"), r.lines());
    }

    @Test
    void malformedLinesGetAnErrorLineAndTheStreamGoesOn() {
        Result r = run("{\"text\": \"a\"}\nnot json\n[1]\n{\"txt\": \"a\"}\n{\"text\": 5}\n\n{\"text\": \"b\"}\n", "tokenize", "--bytes");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertEquals(7, lines.size(), r.out());
        assertEquals("{\"ids\": [97]}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"error\": \"line 2: not valid JSON"), lines.get(1));
        assertEquals("{\"error\": \"line 3: expected a JSON object {\\\"text\\\": ...}\"}", lines.get(2));
        assertEquals("{\"error\": \"line 4: expected a string field \\\"text\\\"\"}", lines.get(3));
        assertEquals("{\"error\": \"line 5: expected a string field \\\"text\\\"\"}", lines.get(4));
        assertTrue(lines.get(5).startsWith("{\"error\": \"line 6: "), lines.get(5));
        assertEquals("{\"ids\": [98]}", lines.get(6));
    }

    @Test
    void encodesWithTokenizerJsonFileOrDirectory() {
        assumeTrue(Files.isRegularFile(QWEN3.resolve("tokenizer.json")), "skipped: no Qwen3 tokenizer fixture at " + QWEN3);
        String in = "{\"text\": \"<|im_start|>user\\nhello world<|im_end|>\"}\n";
        Result byFile = run(in, "tokenize", "--tokenizer", QWEN3.resolve("tokenizer.json").toString());
        Result byDir = run(in, "tokenize", "--tokenizer", QWEN3.toString());
        assertEquals(0, byFile.exit(), byFile.err());
        assertEquals("{\"ids\": [151644, 872, 198, 14990, 1879, 151645]}", byFile.out().strip());
        assertEquals(byFile.out(), byDir.out());
    }

    @Test
    void missingOrInvalidTokenizerIsOneMessageAndExit2(@TempDir Path tmp) throws Exception {
        Result missing = run("", "tokenize", "--tokenizer", tmp.resolve("nope.json").toString());
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.json"), missing.err());

        Path bad = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\"}}");
        Result unsupported = run("", "tokenize", "--tokenizer", bad.toString());
        assertEquals(2, unsupported.exit());
        assertTrue(unsupported.err().contains("WordPiece"), unsupported.err());
        assertEquals(1, unsupported.err().lines().count(), unsupported.err());

        Files.writeString(bad, "{broken");
        Result broken = run("", "tokenize", "--tokenizer", tmp.toString());
        assertEquals(2, broken.exit());
        assertTrue(broken.err().contains("not valid JSON"), broken.err());
    }

    @Test
    void needsExactlyOneTokenizerSource() {
        assertEquals(2, run("", "tokenize").exit());
        assertEquals(2, run("", "tokenize", "--bytes", "--tokenizer", "x").exit());
    }
}
