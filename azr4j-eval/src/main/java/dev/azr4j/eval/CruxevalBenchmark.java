package dev.azr4j.eval;

import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.CruxTask;
import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.grade.CruxGrader;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cruxeval-o}, {@code cruxeval-i} and {@code probe}. CRUXEval rows are graded under the
 * benchmark's own rule ({@code correct}) and strictly ({@code correct_strict}); probes only
 * strictly. Given generations follow CRUXEval's scorer: an output prediction that contains the
 * call {@code f(input)} and an input prediction without {@code f(} are wrong.
 */
public final class CruxevalBenchmark implements Benchmark {
    private final String name;
    private final List<CruxItem> items;
    private final boolean probe;

    public CruxevalBenchmark(String name, List<CruxItem> items, boolean probe) {
        this.name = name;
        this.items = List.copyOf(items);
        this.probe = probe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<CruxItem> items() {
        return items;
    }

    @Override
    public boolean gradesStrictToo() {
        return !probe;
    }

    @Override
    public AnswerKind answerKind(EvalItem item) {
        return ((CruxItem) item).task() == CruxTask.OUTPUT ? AnswerKind.OUTPUT : AnswerKind.INPUT;
    }

    @Override
    public String prompt(EvalItem item, PromptFormat format) {
        CruxItem c = (CruxItem) item;
        if (format.kind() == PromptFormat.Kind.AZR) {
            Triplet t = new Triplet(c.code(), c.input(), c.output(), List.of());
            return c.task() == CruxTask.OUTPUT ? format.templates().solveDeduction(t) : format.templates().solveAbduction(t);
        }
        String text = c.task() == CruxTask.OUTPUT
                ? "Here is a Python function and an assertion that calls it on an input. Replace ?? by the value the call "
                  + "returns, written as a literal (no expressions, no function calls), even if the function looks wrong. "
                  + "Give the completed assertion between [ANSWER] and [/ANSWER] and nothing else.\n\n"
                  + "[PYTHON]\n" + c.code() + "\nassert f(" + c.input() + ") == ??\n[/PYTHON]\n"
                : "Here is a Python function f and an output. Find an input for which f returns that output (if several "
                  + "do, give one). Give the completed assertion, with ?? replaced by the input, between [ANSWER] and "
                  + "[/ANSWER] and nothing else.\n\n"
                  + "[PYTHON]\n" + c.code() + "\nassert f(??) == " + c.output() + "\n[/PYTHON]\n";
        return format.kind() == PromptFormat.Kind.PLAIN ? text + "[ANSWER]\n" : format.user(text);
    }

    @Override
    public List<List<Verdict>> grade(List<? extends EvalItem> batch, List<List<String>> completions, AnswerSource source,
                                     Executor executor) {
        List<CruxGrader.Answer> answers = new ArrayList<>();
        List<Verdict> early = new ArrayList<>();   // verdicts decided without running, aligned with answers (null: run it)
        for (int i = 0; i < batch.size(); i++) {
            CruxItem item = (CruxItem) batch.get(i);
            for (String completion : completions.get(i)) {
                String answer = source.given() ? completion.strip() : extract(item, completion, source.format());
                Verdict decided = null;
                if (answer != null && source.given()) {
                    // CRUXEval's scorer: output predictions must not restate the call, input predictions must be one
                    if (item.task() == CruxTask.OUTPUT && answer.contains("f(" + item.input() + ")")) decided = wrong(answer, "restates_call");
                    if (item.task() == CruxTask.INPUT && !answer.contains("f(")) decided = wrong(answer, "not_a_call");
                }
                if (answer != null && item.task() == CruxTask.INPUT && decided == null) {
                    String args = CruxGrader.arguments(answer);
                    if (source.given() && args.equals(answer.strip())) decided = wrong(answer, "not_a_call");
                    answer = args;
                }
                early.add(decided);
                answers.add(new CruxGrader.Answer(item, decided != null ? null : answer));
            }
        }
        List<Verdict> graded = CruxGrader.grade(answers, !probe, !probe, executor);
        List<List<Verdict>> out = new ArrayList<>();
        int k = 0;
        for (List<String> cs : completions) {
            List<Verdict> vs = new ArrayList<>();
            for (int j = 0; j < cs.size(); j++, k++) vs.add(early.get(k) != null ? early.get(k) : graded.get(k));
            out.add(vs);
        }
        return out;
    }

    private Verdict wrong(String answer, String why) {
        return new Verdict(answer, false, probe ? null : Boolean.FALSE, why);
    }

    /** The answer in a model's completion; null when it holds none. */
    static String extract(CruxItem item, String completion, PromptFormat format) {
        String answer;
        if (format.kind() == PromptFormat.Kind.AZR) {
            Response r = Response.parse(completion);
            answer = item.task() == CruxTask.OUTPUT ? SolutionParser.output(r) : SolutionParser.input(r);
        } else {
            answer = cruxevalPostprocess(completion, item.task());
        }
        return answer == null || answer.isBlank() ? null : answer.strip();
    }

    /** CRUXEval's post-processing of a generation: the [ANSWER] section, then the side of {@code ==} that holds the answer. */
    static String cruxevalPostprocess(String completion, CruxTask task) {
        String g = completion;
        int open = g.indexOf("[ANSWER]");
        if (open >= 0) g = g.substring(open + "[ANSWER]".length());
        for (String stop : List.of("[/ANSWER]", "[PYTHON]", "[/PYTHON]")) {
            int at = g.indexOf(stop);
            if (at >= 0) g = g.substring(0, at);
        }
        g = g.strip();
        if (task == CruxTask.OUTPUT) {
            String[] parts = g.split("==", -1);
            if (parts.length > 1) g = parts[1];
        } else {
            if (g.contains("==")) g = g.split("==", -1)[0];
            int at = g.indexOf("assert f");
            if (at >= 0) g = "f" + g.substring(at + "assert f".length());
        }
        return g.strip();
    }
}
