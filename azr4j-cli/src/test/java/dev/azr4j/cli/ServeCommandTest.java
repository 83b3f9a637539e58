package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** azr serve's options and its refusals (the server itself is tested in azr4j-serve). */
class ServeCommandTest {
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
    void helpListsTheOptions() {
        Run r = run("serve", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--model", "--host", "--port", "--api-key", "--model-name", "--max-batch", "/v1/completions"}) {
            assertTrue(r.out().contains(o), o + " in " + r.out());
        }
        assertTrue(r.out().contains("127.0.0.1"));
    }

    @Test
    void aMissingModelOrABadPortIsOneLine() {
        Run r = run("serve", "--model", "/no/such/model");
        assertEquals(2, r.code());
        assertEquals("azr serve: model directory not found: /no/such/model", r.err().strip());
        r = run("serve", "--model", "/no/such/model", "--port", "70000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("port must be in [0, 65535]"), r.err());
    }
}
