package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GrammarCommandTest {
    record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AzrCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void checkPrintsRulesAndSizes(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("list.gbnf");
        Files.writeString(g, "root ::= item+\nitem ::= \"- \" [a-z]+ \"\\n\"\nspare ::= \"x\"\n");
        Result r = run("grammar", "check", g.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith(g + ": 3 rules, "), r.out());
        assertTrue(r.out().contains("  item "), r.out());
        assertTrue(r.out().contains("rule 'spare': warning: unreachable from root"), r.out());
    }

    @Test
    void malformedGrammarIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path g = dir.resolve("bad.gbnf");
        Files.writeString(g, "root ::= \"a\" missing\n");
        Result r = run("grammar", "check", g.toString());
        assertEquals(2, r.exit());
        assertEquals("azr grammar check: " + g + ":1:14: rule 'root': undefined rule 'missing'", r.err().strip());
    }

    @Test
    void benchGrammarPrintsOneJsonObject() throws Exception {
        Result r = run("bench", "grammar", "--grammar", "json", "--bytes", "--samples", "5", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        for (String k : new String[] {"compile_ms", "mask_us_mean", "mask_us_p50", "mask_us_p99", "mask_us_max", "mask_cpu_us_mean", "tokens"}) {
            assertTrue(o.has(k), k + " missing in " + r.out());
        }
        assertTrue(o.get("tokens").asInt() > 0);
        assertTrue(o.get("mask_us_p50").asDouble() <= o.get("mask_us_p99").asDouble());
    }

    @Test
    void benchGrammarWithUnknownGrammarIsExit2() {
        Result r = run("bench", "grammar", "--grammar", "/no/such.gbnf", "--bytes");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such grammar file, and not a shipped grammar"), r.err());
    }
}
