package dev.azr4j.eval;

import dev.azr4j.core.parse.Response;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.CruxTask;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.data.InductionItem;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.IoPair;
import dev.azr4j.eval.grade.CruxGrader;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cruxeval-o}, {@code cruxeval-i} and {@code probe}. CRUXEval rows are graded under the
 * benchmark's own rule ({@code correct}) and strictly ({@code correct_strict}); probes only
 * strictly. A probe set's program items ({@code "task": "program"}) are graded with
 * {@code check_program} on their hidden pairs. Given generations follow CRUXEval's scorer: an output prediction that contains the
 * call {@code f(input)} and an input prediction without {@code f(} are wrong.
 */
public final class CruxevalBenchmark implements Benchmark {
    private final String name;
    private final List<? extends EvalItem> items;
    private final boolean probe;

    /** @param items CRUXEval items; a probe set may also hold {@link InductionItem}s */
    public CruxevalBenchmark(String name, List<? extends EvalItem> items, boolean probe) {
        this.name = name;
        this.items = List.copyOf(items);
        this.probe = probe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<? extends EvalItem> items() {
        return items;
    }

    @Override
    public boolean gradesStrictToo() {
        return !probe;
    }

    @Override
    public AnswerKind answerKind(EvalItem item) {
        if (item instanceof InductionItem) return AnswerKind.PROGRAM;
        return ((CruxItem) item).task() == CruxTask.OUTPUT ? AnswerKind.OUTPUT : AnswerKind.INPUT;
    }

    @Override
    public String prompt(EvalItem item, PromptFormat format) {
        if (item instanceof InductionItem p) return inductionPrompt(p, format);
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
        List<ExecRequest> programs = new ArrayList<>();
        List<Integer> programSlots = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof InductionItem p) {
                for (String completion : completions.get(i)) {
                    String program = source.given() ? completion : extractProgram(completion, source.format());
                    if (program == null) {
                        early.add(Verdict.unparsed(false));
                    } else {
                        early.add(null);
                        programSlots.add(early.size() - 1);
                        programs.add(new ExecRequest.CheckProgram(program, hidden(p)));
                    }
                    answers.add(new CruxGrader.Answer(null, program));   // placeholder: graded below, not by CruxGrader
                }
                continue;
            }
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
        List<CruxGrader.Answer> cruxAnswers = new ArrayList<>();
        for (int k = 0; k < answers.size(); k++) cruxAnswers.add(answers.get(k).item() == null ? new CruxGrader.Answer(null, null) : answers.get(k));
        List<Verdict> graded = new ArrayList<>(CruxGrader.grade(cruxAnswers, !probe, !probe, executor));
        if (!programs.isEmpty()) {
            List<ExecResult> results = executor.execute(programs);
            for (int j = 0; j < programs.size(); j++) {
                ExecResult r = results.get(j);
                String detail = r.ok() ? null : r.error() != null ? r.error().kind().id()
                        : r.passed() + "/" + r.total() + " hidden pairs";
                int slot = programSlots.get(j);
                graded.set(slot, new Verdict(((ExecRequest.CheckProgram) programs.get(j)).candidate(), r.ok(), null, detail));
            }
        }
        List<List<Verdict>> out = new ArrayList<>();
        int k = 0;
        for (List<String> cs : completions) {
            List<Verdict> vs = new ArrayList<>();
            for (int j = 0; j < cs.size(); j++, k++) vs.add(early.get(k) != null ? early.get(k) : graded.get(k));
            out.add(vs);
        }
        return out;
    }

    private static List<IoPair> hidden(InductionItem p) {
        List<IoPair> pairs = new ArrayList<>();
        for (int i = p.inputs().size() / 2; i < p.inputs().size(); i++) pairs.add(new IoPair(p.inputs().get(i), p.outputs().get(i)));
        return pairs;
    }

    private static String inductionPrompt(InductionItem p, PromptFormat format) {
        InductionProblem problem = new InductionProblem(p.code(), p.inputs(), p.outputs(), p.message(), List.of());
        if (format.kind() == PromptFormat.Kind.AZR) return format.templates().solveInduction(problem);
        StringBuilder b = new StringBuilder("Here are inputs and outputs of a hidden Python function f, and a message about it. "
                + "Write f so that it maps every input to its output. Reply with f in one ```python code block.\n\n");
        for (IoPair pair : problem.given()) b.append("f(").append(pair.input()).append(") == ").append(pair.output()).append('\n');
        b.append("\nMessage: ").append(p.message()).append('\n');
        return format.user(b.toString());
    }

    /** The program of an induction answer: the azr answer section's code block, else the last Python block. */
    static String extractProgram(String completion, PromptFormat format) {
        if (format.kind() == PromptFormat.Kind.AZR) {
            var parsed = SolutionParser.program(format.templates().read(TaskType.INDUCTION, Role.SOLVE, completion));
            return parsed.isOk() ? parsed.value() : null;
        }
        var fence = dev.azr4j.core.parse.Fences.last(completion, dev.azr4j.core.parse.Fences::isCodeTag);
        return fence == null || fence.content().isBlank() ? null : fence.content();
    }

    private Verdict wrong(String answer, String why) {
        return new Verdict(answer, false, probe ? null : Boolean.FALSE, why);
    }

    /** The answer in a model's completion; null when it holds none. */
    static String extract(CruxItem item, String completion, PromptFormat format) {
        String answer;
        if (format.kind() == PromptFormat.Kind.AZR) {
            TaskType type = item.task() == CruxTask.OUTPUT ? TaskType.DEDUCTION : TaskType.ABDUCTION;
            Response r = format.templates().read(type, Role.SOLVE, completion);
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
