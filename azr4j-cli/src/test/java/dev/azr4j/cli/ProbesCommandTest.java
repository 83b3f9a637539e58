package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code azr probes}: the shipped sets by name, and a bad --set in one line. */
class ProbesCommandTest {
    record Result(int code, String out, String err) {}

    private static Result azr(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownSetIsOneLineAndExit2() {
        Result r = azr("probes", "build", "--set", "nonsense", "--out", "unused.jsonl");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--set must be v1, shifted, compositional or multiline"), r.err());
    }

    @Test
    void theBaselinesOfAShippedSetArePrintedByName() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start().waitFor() == 0,
                "python3 >= 3.10 not found: skipped");
        Result r = azr("probes", "baselines", "probes-compositional-v1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*output\\s+100\\s+3\\.0%.*input\\s+100\\s+3\\.0%.*program\\s+100\\s+2\\.0%.*"), r.out());
    }
}
