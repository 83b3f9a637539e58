package dev.azr4j.core.reward;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects Monte-Carlo answers for one task so that each distinct answer is checked by the
 * executor only once (the original caches scores per identical answer string).
 */
public final class AnswerCache {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> distinct = new ArrayList<>();
    private final List<Integer> slots = new ArrayList<>();

    /** Registers one rollout's answer. */
    public void add(String answer) {
        slots.add(index.computeIfAbsent(answer, a -> {
            distinct.add(a);
            return distinct.size() - 1;
        }));
    }

    /** The distinct answers, in first-seen order: what the executor must check. */
    public List<String> distinct() {
        return List.copyOf(distinct);
    }

    /** Mean score over all registered rollouts, given a score per distinct answer (same order). */
    public double meanScore(List<Double> distinctScores) {
        if (slots.isEmpty()) return 0.0;
        double sum = 0;
        for (int s : slots) sum += distinctScores.get(s);
        return sum / slots.size();
    }

    public int rollouts() {
        return slots.size();
    }
}
