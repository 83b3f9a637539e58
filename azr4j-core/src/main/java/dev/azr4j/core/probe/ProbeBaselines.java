package dev.azr4j.core.probe;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.IoPair;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a trick scores on a probe set, so that a learning curve is never read without it: the best
 * constant answer (one output, input or program given for every item) and the copy heuristic (the
 * input as the output for {@code output} items, the output as the input for {@code input} items, the
 * identity program for {@code program} items). Every verdict comes from the executor, so Python's
 * equality decides ({@code 1 == True}): a constant is right wherever the grader would say so.
 */
public final class ProbeBaselines {
    private ProbeBaselines() {}

    /** The baselines of one task kind: {@code bestConstant} and {@code copy} are accuracies in [0, 1]. */
    public record Baseline(String task, int items, double bestConstant, String bestConstantAnswer, double copy) {}

    /** Constants tried beside the set's own answers: the values a collapsed policy tends to give. */
    static final List<String> COMMON_VALUES = List.of("0", "1", "-1", "2", "3", "True", "False", "None", "''", "'a'",
            "[]", "[0]", "[1]", "()", "{}");

    /** The baselines of each task kind present in {@code items}, in the order output, input, program. */
    public static List<Baseline> measure(List<ProbeItem> items, Executor executor) {
        List<Baseline> out = new ArrayList<>();
        for (String task : List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM)) {
            List<ProbeItem> of = items.stream().filter(i -> i.task().equals(task)).toList();
            if (of.isEmpty()) continue;
            out.add(switch (task) {
                case ProbeItem.OUTPUT -> outputs(of, executor);
                case ProbeItem.INPUT -> inputs(of, executor);
                default -> programs(of, executor);
            });
        }
        return out;
    }

    /** For each candidate constant (in order), how many items it answers right. */
    static int[] constantHits(List<ProbeItem> items, List<String> constants, Executor executor) {
        boolean[][] hits = hitMatrix(items, constants, executor);
        int[] counts = new int[constants.size()];
        for (int c = 0; c < hits.length; c++) for (boolean h : hits[c]) if (h) counts[c]++;
        return counts;
    }

    /** {@code [c][i]}: whether constant {@code c} is a right answer to item {@code i}, all graded in one batch. */
    static boolean[][] hitMatrix(List<ProbeItem> items, List<String> constants, Executor executor) {
        List<ExecRequest> batch = new ArrayList<>(items.size() * constants.size());
        for (String c : constants) for (ProbeItem it : items) batch.add(answerRequest(it, c));
        List<ExecResult> results = executor.execute(batch);
        boolean[][] hits = new boolean[constants.size()][items.size()];
        for (int k = 0; k < results.size(); k++) hits[k / items.size()][k % items.size()] = results.get(k).ok();
        return hits;
    }

    /** The candidate constants for {@code items}: every answer the set itself contains, then {@link #COMMON_VALUES}. */
    static List<String> candidates(List<ProbeItem> items) {
        Set<String> c = new LinkedHashSet<>();
        for (ProbeItem it : items) {
            switch (it.task()) {
                case ProbeItem.OUTPUT -> c.add(it.output());
                case ProbeItem.INPUT -> c.add(it.input());
                default -> c.addAll(it.outputs());
            }
        }
        c.addAll(COMMON_VALUES);
        return List.copyOf(c);
    }

    private static Baseline outputs(List<ProbeItem> items, Executor executor) {
        return baseline(ProbeItem.OUTPUT, items, executor, "");
    }

    private static Baseline inputs(List<ProbeItem> items, Executor executor) {
        return baseline(ProbeItem.INPUT, items, executor, "");
    }

    private static Baseline programs(List<ProbeItem> items, Executor executor) {
        return baseline(ProbeItem.PROGRAM, items, executor, "def f(a): return ");
    }

    private static Baseline baseline(String task, List<ProbeItem> items, Executor executor, String answerPrefix) {
        List<String> constants = candidates(items);
        int[] hits = constantHits(items, constants, executor);
        int best = argmax(hits);
        List<ExecRequest> copy = items.stream().map(ProbeBaselines::copyRequest).toList();
        return new Baseline(task, items.size(), hits[best] / (double) items.size(), answerPrefix + constants.get(best),
                share(executor.execute(copy), items.size()));
    }

    /** The copy heuristic's answer to {@code it}, as the request that grades it. */
    static ExecRequest copyRequest(ProbeItem it) {
        return answerRequest(it, switch (it.task()) {
            case ProbeItem.OUTPUT -> it.input();
            case ProbeItem.INPUT -> it.output();
            default -> "a";   // the identity program
        });
    }

    /**
     * The request that grades {@code answer} to {@code it}, strictly: a predicted output, a
     * predicted input, or for a program item the expression {@code f} returns.
     */
    static ExecRequest answerRequest(ProbeItem it, String answer) {
        return switch (it.task()) {
            case ProbeItem.OUTPUT -> new ExecRequest.CheckOutput(it.code(), it.input(), answer, Grading.STRICT);
            case ProbeItem.INPUT -> new ExecRequest.CheckInput(it.code(), it.output(), answer, Grading.STRICT);
            default -> new ExecRequest.CheckProgram("def f(a):\n    return " + answer, hidden(it));
        };
    }

    /** The pairs a program answer is graded on: the second half, as in training. */
    static List<IoPair> hidden(ProbeItem it) {
        List<IoPair> pairs = new ArrayList<>();
        for (int i = it.inputs().size() / 2; i < it.inputs().size(); i++) pairs.add(new IoPair(it.inputs().get(i), it.outputs().get(i)));
        return pairs;
    }

    private static double share(List<ExecResult> results, int n) {
        return results.stream().filter(ExecResult::ok).count() / (double) n;
    }

    private static int argmax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
