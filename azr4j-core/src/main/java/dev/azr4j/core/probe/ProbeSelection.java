package dev.azr4j.core.probe;

import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * The balance rule of every probe set, apart from where its candidates come from: greedy, in
 * candidate order, an item is taken while every constant that answers it right (graded by the
 * executor against every answer the candidates contain and {@link ProbeBaselines#COMMON_VALUES})
 * still answers fewer than {@code cap} of the items taken so far, and while the copy heuristic
 * solves fewer than {@code copyCap} of them. Shared by {@link ProbeBuilder} and by probe builders
 * that must not see the training environment's generator.
 */
public final class ProbeSelection {
    private ProbeSelection() {}

    /**
     * Up to {@code wanted} items of {@code candidates} (all of one task kind), in their order, each
     * with {@code id(k)} as its id where {@code k} is its place among those chosen.
     */
    public static List<ProbeItem> balanced(List<ProbeItem> candidates, int wanted, int cap, int copyCap, Executor executor,
                                           java.util.function.IntFunction<String> id) {
        List<String> constants = ProbeBaselines.candidates(candidates);
        boolean[][] hits = ProbeBaselines.hitMatrix(candidates, constants, executor);
        List<ExecResult> copies = executor.execute(candidates.stream().map(ProbeBaselines::copyRequest).toList());
        int[] count = new int[constants.size()];
        int copied = 0;
        List<ProbeItem> chosen = new ArrayList<>();
        for (int i = 0; i < candidates.size() && chosen.size() < wanted; i++) {
            boolean copy = copies.get(i).ok();
            boolean fits = !copy || copied < copyCap;
            for (int c = 0; c < constants.size() && fits; c++) fits = !hits[c][i] || count[c] < cap;
            if (!fits) continue;
            for (int c = 0; c < constants.size(); c++) if (hits[c][i]) count[c]++;
            if (copy) copied++;
            ProbeItem it = candidates.get(i);
            chosen.add(new ProbeItem(id.apply(chosen.size()), it.task(), it.code(), it.input(), it.output(), it.inputs(),
                    it.outputs(), it.message()));
        }
        return chosen;
    }
}
