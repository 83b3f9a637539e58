package dev.azr4j.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.probe.ProbeBaselines;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each shipped generalization set: 100 items per task, distinct programs, balanced (no constant
 * right on more than 3 % of a task's items, the copy heuristic on at most 10 %, as stored beside
 * it), true to the executor, every program's output depending on its input, and every item drawn
 * from its seed's stream (the set is the settings' function; {@code azr probes build --set} rebuilds it).
 */
class ShippedGeneralizationSetsTest {
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

    @ParameterizedTest
    @EnumSource(GeneralizationProbes.Kind.class)
    void theShippedSetIsBalancedTrueInputDependentAndFromItsSeed(GeneralizationProbes.Kind kind) {
        GeneralizationProbes.Settings s = GeneralizationProbes.Settings.defaults(kind);
        List<ProbeItem> items = ProbeFiles.shipped(kind.setName());
        List<String> tasks = List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM);
        for (String task : tasks) assertEquals(s.perTask(), items.stream().filter(i -> i.task().equals(task)).count(), task);
        assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::id).toList()).size(), "ids are unique");
        assertEquals(items.size(), new HashSet<>(items.stream().map(ProbeItem::code).toList()).size(), "no program twice");

        // balanced, as stored
        List<ProbeBaselines.Baseline> stored = ProbeFiles.shippedBaselines(kind.setName());
        List<ProbeBaselines.Baseline> measured = ProbeBaselines.measure(items, exec);
        assertEquals(3, measured.size());
        for (ProbeBaselines.Baseline b : measured) {
            System.out.println(kind.setName() + ": " + b);
            assertTrue(b.bestConstant() <= s.maxShare() + 1e-9, b.toString());
            assertTrue(b.copy() <= s.maxCopyShare() + 1e-9, b.toString());
            ProbeBaselines.Baseline st = stored.stream().filter(x -> x.task().equals(b.task())).findFirst().orElseThrow();
            assertEquals(b.items(), st.items(), "stored baselines: " + b.task());
            assertEquals(b.bestConstant(), st.bestConstant(), 1e-9, "stored best constant: " + b.task());
            assertEquals(b.copy(), st.copy(), 1e-9, "stored copy heuristic: " + b.task());
        }

        // every item from its task's stream, with its drawn inputs; every program run on all of them
        GeneralizationProbes builder = new GeneralizationProbes(s, exec);
        Set<String> used = new HashSet<>();
        List<ExecRequest> runs = new ArrayList<>();
        List<ProbeItem> runOf = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            Map<String, GeneralizationProbes.Draw> drawn = new HashMap<>();
            for (GeneralizationProbes.Draw d : builder.draws(s.perTask() * 64, t, used)) drawn.put(d.program().source(), d);
            List<ProbeItem> of = items.stream().filter(i -> i.task().equals(task)).toList();
            for (ProbeItem it : of) {
                GeneralizationProbes.Draw d = drawn.get(it.code());
                assertNotNull(d, "drawn from the seed: " + it.id());
                if (task.equals(ProbeItem.PROGRAM)) {
                    assertEquals(d.inputs(), it.inputs(), it.id());
                } else {
                    assertEquals(d.inputs().getFirst(), it.input(), it.id());
                }
                for (String in : d.inputs()) {
                    runs.add(new ExecRequest.Run(it.code(), in));
                    runOf.add(it);
                }
            }
            for (ProbeItem it : of) used.add(it.code());
        }
        List<ExecResult> results = exec.execute(runs);
        Map<String, List<String>> outputs = new HashMap<>();
        for (int k = 0; k < runs.size(); k++) {
            ExecResult r = results.get(k);
            assertTrue(r.ok(), runs.get(k).toString());
            outputs.computeIfAbsent(runOf.get(k).id(), x -> new ArrayList<>()).add(r.output());
        }
        for (ProbeItem it : items) {
            List<String> outs = outputs.get(it.id());
            switch (it.task()) {
                case ProbeItem.OUTPUT -> assertEquals(outs.getFirst(), it.output(), "true to the executor: " + it.id());
                case ProbeItem.INPUT -> assertEquals(outs.getFirst(), it.output(), "true to the executor: " + it.id());
                default -> assertEquals(outs, it.outputs(), "true to the executor: " + it.id());
            }
            int distinct = new HashSet<>(outs).size();
            int needed = it.task().equals(ProbeItem.INPUT) ? s.pairs() - 1 : 2;
            assertTrue(distinct >= needed, "the output depends on the input: " + it.id() + " " + outs);
        }
    }
}
