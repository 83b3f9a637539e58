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
 * argument list (a call {@code f(...)} is unwrapped) checked by {@code check_input}. Each answer
 * is graded twice when both rules are asked for: {@link Grading#LENIENT}, CRUXEval's own rule
 * (its scorer executes {@code assert output == prediction}), and {@link Grading#STRICT}.
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
        List<ExecRequest> requests = new ArrayList<>();
        List<int[]> slots = new ArrayList<>();   // per answer: index of its lenient and strict request, -1 if none
        for (Answer a : answers) {
            if (a.answer() == null) {
                slots.add(new int[] {-1, -1});
                continue;
            }
            int l = -1, s = -1;
            if (lenient) {
                l = requests.size();
                requests.add(request(a, Grading.LENIENT));
            }
            if (strict || !lenient) {
                s = requests.size();
                requests.add(request(a, Grading.STRICT));
            }
            slots.add(new int[] {l, s});
        }
        List<ExecResult> results = requests.isEmpty() ? List.of() : executor.execute(requests);
        List<Verdict> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            int[] slot = slots.get(i);
            if (a.answer() == null) {
                out.add(Verdict.unparsed(lenient && strict));
                continue;
            }
            ExecResult main = results.get(lenient ? slot[0] : slot[1]);
            Boolean strictOk = lenient && strict ? results.get(slot[1]).ok() : null;
            String detail = main.ok() ? null : main.error() == null ? "wrong" : main.error().kind().id();
            out.add(new Verdict(a.answer(), main.ok(), strictOk, detail));
        }
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
