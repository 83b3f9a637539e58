package dev.azr4j.eval;

import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.data.MbppItem;
import dev.azr4j.eval.grade.ProgramGrader;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mbpp}: MBPP+ program synthesis; {@code correct} is base + plus tests (the plus tests when
 * the file has them), {@code correct_base} the base tests alone. {@code humaneval} given
 * EvalPlus's HumanEval+ file is graded the same way.
 */
public final class MbppBenchmark implements Benchmark {
    private final String name;
    private final List<MbppItem> items;

    public MbppBenchmark(List<MbppItem> items) {
        this("mbpp", items);
    }

    public MbppBenchmark(String name, List<MbppItem> items) {
        this.name = name;
        this.items = List.copyOf(items);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<MbppItem> items() {
        return items;
    }

    @Override
    public AnswerKind answerKind(EvalItem item) {
        return AnswerKind.PROGRAM;
    }

    @Override
    public String prompt(EvalItem item, PromptFormat format) {
        MbppItem m = (MbppItem) item;
        if (format.kind() == PromptFormat.Kind.PLAIN) return m.prompt();
        if (name.equals("humaneval"))
            return format.user("Complete the following Python function. Reply with the whole, self-contained function in one "
                    + "```python code block.\n\n```python\n" + m.prompt().strip() + "\n```\n");
        return format.user("Write a Python function `" + m.entryPoint() + "` for the task below; the assertion shows how "
                + "it is called. Reply with a self-contained program in one ```python code block.\n\n" + m.prompt().strip() + "\n");
    }

    @Override
    public List<List<Verdict>> grade(List<? extends EvalItem> batch, List<List<String>> completions, AnswerSource source,
                                     Executor executor) {
        List<ProgramGrader.Candidate<MbppItem>> candidates = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            MbppItem item = (MbppItem) batch.get(i);
            for (String c : completions.get(i))
                candidates.add(new ProgramGrader.Candidate<>(item, ProgramExtraction.program(c, item.prompt(), item.entryPoint(), source)));
        }
        List<ProgramGrader.Outcome> outcomes = ProgramGrader.mbpp(candidates, executor);
        List<Verdict> flat = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ProgramGrader.Outcome o = outcomes.get(i);
            String program = candidates.get(i).program();
            flat.add(new Verdict(program, o.all(), null, o.all() ? null : o.detail(), o.base()));
        }
        return HumanEvalBenchmark.regroup(flat, completions);
    }
}
