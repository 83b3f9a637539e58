package dev.azr4j.eval;

import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.data.HumanEvalItem;
import dev.azr4j.eval.grade.ProgramGrader;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/** {@code humaneval}: the completed function run against the problem's {@code check} in the executor. */
public final class HumanEvalBenchmark implements Benchmark {
    private final List<HumanEvalItem> items;

    public HumanEvalBenchmark(List<HumanEvalItem> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public String name() {
        return "humaneval";
    }

    @Override
    public List<HumanEvalItem> items() {
        return items;
    }

    @Override
    public AnswerKind answerKind(EvalItem item) {
        return AnswerKind.PROGRAM;
    }

    @Override
    public String prompt(EvalItem item, PromptFormat format) {
        HumanEvalItem h = (HumanEvalItem) item;
        if (format.kind() == PromptFormat.Kind.PLAIN) return h.prompt();
        return format.user("Complete the following Python function. Reply with the whole, self-contained function in one "
                + "```python code block.\n\n```python\n" + h.prompt().strip() + "\n```\n");
    }

    @Override
    public List<List<Verdict>> grade(List<? extends EvalItem> batch, List<List<String>> completions, AnswerSource source,
                                     Executor executor) {
        List<ProgramGrader.Candidate<HumanEvalItem>> candidates = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            HumanEvalItem item = (HumanEvalItem) batch.get(i);
            for (String c : completions.get(i))
                candidates.add(new ProgramGrader.Candidate<>(item, ProgramExtraction.program(c, item.prompt(), item.entryPoint(), source)));
        }
        return regroup(ProgramGrader.humanEval(candidates, executor), completions);
    }

    static <T> List<List<T>> regroup(List<T> flat, List<List<String>> completions) {
        List<List<T>> out = new ArrayList<>();
        int k = 0;
        for (List<String> cs : completions) {
            out.add(new ArrayList<>(flat.subList(k, k + cs.size())));
            k += cs.size();
        }
        return out;
    }
}
