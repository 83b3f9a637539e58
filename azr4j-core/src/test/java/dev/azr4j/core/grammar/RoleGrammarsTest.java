package dev.azr4j.core.grammar;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigException;
import dev.azr4j.core.config.ConfigLoader;
import dev.azr4j.core.config.GrammarConfig;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six built-in role grammars and their configuration. Without the grammar engine the GBNF is
 * read by a small independent reader ({@link GbnfSketch}): every rule is defined and reachable,
 * and random sentences of each language are responses azr4j's parsers accept, whose answers
 * Python reads as values (ast.literal_eval) and programs (ast.parse).
 */
class RoleGrammarsTest {
    private static final int INPUTS = 4;
    private static final ProposalParser PROPOSALS = new ProposalParser(true);

    private static GbnfSketch sketch(TaskType t, Role r) {
        return new GbnfSketch(RoleGrammars.builtin(t, r, 32, INPUTS).gbnf());
    }

    @Test
    void everyRoleGrammarIsWellFormedGbnf() {
        for (TaskType t : TaskType.values()) {
            for (Role r : Role.values()) {
                String raw = RoleGrammars.resource(t, r);
                GbnfSketch g = new GbnfSketch(raw);
                assertTrue(g.rules.containsKey("root"), RoleGrammars.resourceName(t, r));
                assertEquals(java.util.Set.of(), g.undefined(), RoleGrammars.resourceName(t, r) + ": undefined rules");
                assertEquals(java.util.Set.of(), g.unreachable(), RoleGrammars.resourceName(t, r) + ": unreachable rules");
                for (String line : raw.split("\n")) {
                    assertFalse(line.startsWith(" ") && !line.isBlank(), "one rule per line: " + line);
                }
            }
        }
    }

    @Test
    void theConfiguredRulesAreSubstituted() {
        String g = RoleGrammars.builtin(TaskType.INDUCTION, Role.PROPOSE, 0, 6).gbnf();
        assertTrue(g.contains("\nreasoning ::= reasoning-char*\n"), g);
        assertTrue(g.contains("\ninputs ::= input-block{6}\n"));
        assertTrue(RoleGrammars.builtin(TaskType.DEDUCTION, Role.SOLVE, 40, 6).gbnf().contains("\nreasoning ::= reasoning-char{0,40}\n"));
        SplittableRandom rng = new SplittableRandom(1);
        String s = sketch(TaskType.DEDUCTION, Role.SOLVE).sample(rng, 30);
        assertTrue(s.indexOf("</think>") <= 32, "reasoning bounded by reasoning_chars: " + s);
    }

    /** A random response of each role, with what the parsers read from it. */
    private record Drawn(String kind, String completion, String value) {}

    @Test
    void randomSentencesAreResponsesTheParsersAndPythonAccept() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        List<Drawn> python = new ArrayList<>();
        for (TaskType t : TaskType.values()) {
            for (Role r : Role.values()) {
                GbnfSketch g = sketch(t, r);
                for (int i = 0; i < 150; i++) {
                    String completion = g.sample(rng, 14);
                    Response resp = Response.parse(completion);
                    String where = RoleGrammars.roleKey(t, r) + " sentence:\n" + completion;
                    assertTrue(resp.formatOk(), where);
                    switch (t.id() + "." + r.id()) {
                        case "deduction.solve" -> python.add(new Drawn("value", completion, SolutionParser.output(resp)));
                        case "abduction.solve" -> python.add(new Drawn("arguments", completion, SolutionParser.input(resp)));
                        case "induction.solve" -> {
                            Parsed<String> p = SolutionParser.program(resp);
                            assertTrue(p.isOk(), where);
                            python.add(new Drawn("program", completion, p.value()));
                        }
                        case "induction.propose" -> {
                            var p = PROPOSALS.inputs(resp, INPUTS);
                            assertTrue(p.isOk(), where + "\n" + p);
                            for (String in : p.value().inputs()) python.add(new Drawn("arguments", completion, in));
                        }
                        default -> {
                            var p = PROPOSALS.program(resp);
                            assertTrue(p.isOk(), where + "\n" + p);
                            python.add(new Drawn("program", completion, p.value().program()));
                            python.add(new Drawn("arguments", completion, p.value().input()));
                        }
                    }
                }
            }
        }
        checkWithPython(python);
    }

    private static void checkWithPython(List<Drawn> items) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", """
                import ast, json, sys
                for line in sys.stdin:
                    d = json.loads(line)
                    try:
                        if d["kind"] == "value": ast.literal_eval(d["value"])
                        elif d["kind"] == "arguments": ast.literal_eval("(" + d["value"] + ",)")
                        else: ast.parse(d["value"])
                        print("ok")
                    except Exception as e:
                        print("bad " + type(e).__name__ + ": " + str(e))
                """).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            Assumptions.abort("python3 not found: the Python checks are skipped");
            return;
        }
        ObjectMapper json = new ObjectMapper();
        try (Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (Drawn d : items) w.write(json.writeValueAsString(Map.of("kind", d.kind(), "value", d.value())) + "\n");
        }
        List<String> answers = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) answers.add(line);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(items.size(), answers.size(), String.join("\n", answers));
        for (int i = 0; i < items.size(); i++) {
            assertEquals("ok", answers.get(i), items.get(i).kind() + " " + items.get(i).value() + " from\n" + items.get(i).completion());
        }
    }

    @Test
    void configurationChoosesPerRole(@TempDir Path dir) throws Exception {
        assertFalse(RoleGrammars.of(GrammarConfig.defaults(), 10).any(), "off by default");
        Path file = Files.writeString(dir.resolve("mine.gbnf"), "root ::= \"x\"\n");
        RoleGrammars g = RoleGrammars.of(new GrammarConfig("none", "builtin", file.toString(), "json", "builtin", "none", 16), 4);
        assertNull(g.of(TaskType.ABDUCTION, Role.PROPOSE));
        assertEquals("builtin:abduction.solve", g.of(TaskType.ABDUCTION, Role.SOLVE).name());
        assertEquals(GrammarSource.named(file.toString()), g.of(TaskType.DEDUCTION, Role.PROPOSE));
        assertEquals(GrammarSource.named("json"), g.of(TaskType.DEDUCTION, Role.SOLVE));
        assertTrue(g.of(TaskType.INDUCTION, Role.PROPOSE).gbnf().contains("inputs ::= input-block{4}"));
        ConfigException e = assertThrows(ConfigException.class, () -> RoleGrammars.of(
                new GrammarConfig("none", "none", "none", dir.resolve("missing.gbnf").toString(), "none", "none", 0), 4));
        assertTrue(e.getMessage().contains("selfplay.grammar.deduction_solve") && e.getMessage().contains("missing.gbnf"), e.getMessage());
    }

    @Test
    void presetsAndOverrides() {
        AzrConfig def = ConfigLoader.preset("default");
        assertEquals(GrammarConfig.defaults(), def.selfplay().grammar());
        AzrConfig tiny = ConfigLoader.preset("tiny");
        RoleGrammars g = RoleGrammars.of(tiny.selfplay().grammar(), tiny.selfplay().inductionInputs());
        for (TaskType t : TaskType.values()) for (Role r : Role.values()) assertNotNull(g.of(t, r), t + " " + r);
        AzrConfig off = ConfigLoader.load(Optional.empty(), "tiny", List.of("selfplay.grammar.deduction_solve=none"));
        assertEquals("none", off.selfplay().grammar().deductionSolve());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), "tiny", List.of("selfplay.grammar.deduction_solv=none")));
        assertTrue(e.getMessage().contains("deduction_solve"), e.getMessage());
    }
}
