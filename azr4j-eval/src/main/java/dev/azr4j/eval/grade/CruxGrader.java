package dev.azr4j.eval.grade;

import dev.azr4j.eval.Verdict;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.CruxTask;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.Grading;
import java.util.ArrayList;
import java.util.List;

/**
 * Grades CRUXEval-format answers with the executor, all in one batch. An output prediction is a
 * literal compared with {@code f(input)} ({@code check_output}); an input prediction is an
 * argument list (a call {@code f(...)} is unwrapped) checked by {@code check_input}. When both
 * rules are asked for, each answer is graded under {@link Grading#LENIENT}, CRUXEval's own rule
 * (its scorer executes {@code assert output == prediction}), and those it passes again under
 * {@link Grading#STRICT} (which accepts a subset), in a second batch.
 */
public final class CruxGrader {
    /** One answer to grade; {@code answer} null means nothing could be read (wrong under every rule). */
    public record Answer(CruxItem item, String answer) {}

    private CruxGrader() {}

    /**
     * @param lenient grade under the benchmark's rule into {@code correct} (else {@code correct} is the strict verdict)
     * @param strict  also grade strictly into {@code correctStrict}
     */
    public static List<Verdict> grade(List<Answer> answers, boolean lenient, boolean strict, Executor executor) {
        Grading first = lenient ? Grading.LENIENT : Grading.STRICT;
        List<ExecResult> main = run(answers, i -> true, first, executor);
        // strict accepts a subset of what lenient accepts: only lenient passes need the strict run
        List<ExecResult> strictRun = lenient && strict
                ? run(answers, i -> main.get(i) != null && main.get(i).ok(), Grading.STRICT, executor) : null;
        List<Verdict> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            if (a.answer() == null) {
                out.add(Verdict.unparsed(lenient && strict));
                continue;
            }
            ExecResult r = main.get(i);
            Boolean strictOk = strictRun == null ? null : strictRun.get(i) != null && strictRun.get(i).ok();
            String detail = r.ok() ? (Boolean.FALSE.equals(strictOk) ? "not_strict" : null)
                    : r.error() == null ? "wrong" : r.error().kind().id();
            out.add(new Verdict(a.answer(), r.ok(), strictOk, detail));
        }
        return out;
    }

    /** One batch of the answers selected by {@code which} under {@code grading}; null results for the others. */
    private static List<ExecResult> run(List<Answer> answers, java.util.function.IntPredicate which, Grading grading, Executor executor) {
        List<ExecRequest> requests = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).answer() == null || !which.test(i)) continue;
            requests.add(request(answers.get(i), grading));
            index.add(i);
        }
        List<ExecResult> results = requests.isEmpty() ? List.of() : executor.execute(requests);
        List<ExecResult> out = new ArrayList<>(java.util.Collections.nCopies(answers.size(), (ExecResult) null));
        for (int j = 0; j < index.size(); j++) out.set(index.get(j), results.get(j));
        return out;
    }

    private static ExecRequest request(Answer a, Grading grading) {
        CruxItem item = a.item();
        return item.task() == CruxTask.OUTPUT
                ? new ExecRequest.CheckOutput(item.code(), item.input(), a.answer(), grading)
                : new ExecRequest.CheckInput(item.code(), item.output(), a.answer(), grading);
    }

    /** {@code f(1, 'a')} → {@code 1, 'a'}: the argument list of a call of {@code f} spanning the whole text; otherwise the text itself. */
    public static String arguments(String answer) {
        String t = answer.strip();
        if (!t.startsWith("f(") || !t.endsWith(")")) return t;
        // the parenthesis opened after f must close at the very end (not "f(1) + f(2)")
        int depth = 0;
        char quote = 0;
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0 && i < t.length() - 1) return t;
            }
        }
        return t.substring(2, t.length() - 1);
    }
}
