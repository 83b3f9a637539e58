package dev.azr4j.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.probe.ProbeBaselines;
import dev.azr4j.core.probe.ProbeItem;
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

/** The generators' programs run on their inputs, and a small set of each kind is balanced, distinct and reproducible. */
class GeneralizationProbesTest {
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
    void mostProgramsRunOnTheirInputsAndNoneFailsToParse() {
        for (GeneralizationProbes.Kind k : GeneralizationProbes.Kind.values()) {
            ProbeProgram.Source s = k.programs();
            SplittableRandom r = new SplittableRandom(5);
            List<ExecRequest> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ProbeProgram p = s.next(r);
                batch.add(new ExecRequest.Validate(p.source(), p.input(r)));
            }
            List<ExecResult> results = exec.execute(batch);
            for (int i = 0; i < results.size(); i++) {
                ExecResult x = results.get(i);
                assertFalse(x.error() != null && x.error().kind().id().equals("syntax"), "parses: " + batch.get(i));
            }
            long valid = results.stream().filter(ExecResult::ok).count();
            assertTrue(valid >= 0.7 * batch.size(), k + " valid: " + valid + " of " + batch.size());
        }
    }

    @Test
    void aSmallSetOfEachKindIsBalancedDistinctAndReproducible() {
        for (GeneralizationProbes.Kind k : GeneralizationProbes.Kind.values()) {
            var s = new GeneralizationProbes.Settings(k, 12, 1 / 12.0, 0.17, 11L, 6);
            List<ProbeItem> items = new GeneralizationProbes(s, exec).build();
            assertEquals(36, items.size(), k.toString());
            assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::code).toList()).size(), "no program twice");
            for (ProbeBaselines.Baseline b : ProbeBaselines.measure(items, exec)) {
                assertTrue(b.bestConstant() <= 1 / 12.0 + 1e-9, k + ": " + b);
                assertTrue(b.copy() <= 2 / 12.0 + 1e-9, k + ": " + b);
            }
            assertEquals(items, new GeneralizationProbes(s, exec).build(), k + " is reproducible");
        }
    }
}
