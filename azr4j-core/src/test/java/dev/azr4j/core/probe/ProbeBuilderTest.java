package dev.azr4j.core.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.curriculum.ProgramGenerator;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProbeBuilderTest {
    static PythonExecutor exec;

    @BeforeAll
    static void start() {
        try {
            exec = PythonExecutor.start(ExecutorOptions.defaults());
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    @Test
    void mostGeneratedProgramsRunOnTheirInputs() {
        ProgramGenerator g = new ProgramGenerator(2);
        SplittableRandom r = new SplittableRandom(1);
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ProgramGenerator.Program p = g.program(r);
            batch.add(new ExecRequest.Validate(p.source(), ProgramGenerator.input(p.inputType(), r)));
        }
        List<ExecResult> results = exec.execute(batch);
        long valid = results.stream().filter(ExecResult::ok).count();
        assertTrue(results.stream().noneMatch(x -> x.error() != null && x.error().kind().id().equals("syntax")),
                "every generated program parses");
        assertTrue(valid >= 0.8 * batch.size(), "valid: " + valid + " of " + batch.size());
    }

    @Test
    void aSmallSetIsBalancedDistinctAndReproducible() {
        ProbeBuilder.Settings s = new ProbeBuilder.Settings(25, 0.04, 0.12, 7L, 2, 6);
        List<ProbeItem> items = new ProbeBuilder(s, exec).build();
        assertEquals(75, items.size());
        assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::code).toList()).size(), "no program twice");
        for (ProbeBaselines.Baseline b : ProbeBaselines.measure(items, exec)) {
            assertTrue(b.bestConstant() <= 0.04 + 1e-9, b.toString());
            assertTrue(b.copy() <= 0.12 + 1e-9, b.toString());
        }
        assertEquals(items, new ProbeBuilder(s, exec).build());
    }

    /**
     * The shipped set: balanced (no constant answer, input or program right on more than 2 % of a
     * task's items; the copy heuristic on at most 10 %), distinct, and true to the executor.
     */
    @Test
    void theShippedSetIsBalancedAndTrue() {
        List<ProbeItem> items = ProbeFiles.builtin();
        for (String task : List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM)) {
            assertEquals(200, items.stream().filter(i -> i.task().equals(task)).count(), task);
        }
        assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::id).toList()).size(), "ids are unique");
        assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::code).toList()).size(), "no program twice");
        List<ProbeBaselines.Baseline> stored = ProbeFiles.builtinBaselines();
        List<ProbeBaselines.Baseline> measured = ProbeBaselines.measure(items, exec);
        assertEquals(3, measured.size());
        for (ProbeBaselines.Baseline b : measured) {
            System.out.println("shipped probes: " + b);
            assertTrue(b.bestConstant() <= 0.02 + 1e-9, b.toString());
            assertTrue(b.copy() <= 0.10 + 1e-9, b.toString());
            ProbeBaselines.Baseline s = stored.stream().filter(x -> x.task().equals(b.task())).findFirst().orElseThrow();
            assertEquals(b.items(), s.items(), "stored baselines: " + b.task());
            assertEquals(b.bestConstant(), s.bestConstant(), 1e-9, "stored best constant: " + b.task());
            assertEquals(b.copy(), s.copy(), 1e-9, "stored copy heuristic: " + b.task());
        }
        List<ExecRequest> runs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (ProbeItem it : items) {
            if (it.task().equals(ProbeItem.PROGRAM)) {
                for (int k = 0; k < it.inputs().size(); k++) {
                    runs.add(new ExecRequest.Run(it.code(), it.inputs().get(k)));
                    expected.add(it.outputs().get(k));
                }
            } else {
                runs.add(new ExecRequest.Run(it.code(), it.input()));
                expected.add(it.output());
            }
        }
        List<ExecResult> results = exec.execute(runs);
        for (int k = 0; k < runs.size(); k++) assertEquals(expected.get(k), results.get(k).output(), runs.get(k).toString());
    }
}
