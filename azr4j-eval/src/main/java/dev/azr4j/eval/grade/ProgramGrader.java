package dev.azr4j.eval.grade;

import dev.azr4j.eval.Verdict;
import dev.azr4j.eval.data.HumanEvalItem;
import dev.azr4j.eval.data.MbppItem;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model's program against a benchmark's tests in the executor's sandbox. The executor runs
 * {@code f(input)}, so each test becomes one program: the candidate, the benchmark's test code,
 * and a final {@code def f():} that runs the tests and returns {@code True}; the test passes when
 * {@code run} returns {@code True}. (A candidate that itself defines a helper named {@code f}
 * sees it replaced by that wrapper: a known limit.)
 *
 * <ul>
 * <li>HumanEval: {@code candidate + test + check(entry_point)}, the official harness's program.
 * <li>MBPP+: EvalPlus compares the candidate with the reference solution on every base and plus
 *     input (floats within the task's {@code atol}, or 1e-6 where it is 0 and the output is
 *     float). Here the reference is defined inside a function so that it cannot clash with the
 *     candidate's names, and the inputs are split into chunks, one request each, so that the
 *     executor's workers run them in parallel and each stays within the request timeout.
 *     EvalPlus restores tuples and sets for some tasks' inputs (JSON stores them as lists); here
 *     both functions get the JSON values, which differs only where a candidate checks the type.
 * </ul>
 */
public final class ProgramGrader {
    /** Inputs per request, and their literal text per request, at most. */
    private static final int CHUNK_INPUTS = 8;
    private static final int CHUNK_CHARS = 16_000;

    private ProgramGrader() {}

    /** One program to grade against one item; {@code program} null means none could be read. */
    public record Candidate<T>(T item, String program) {}

    /** The result per candidate: passed base tests, passed all tests (base + plus). */
    public record Outcome(boolean base, boolean all, String detail) {}

    public static String humanEvalProgram(HumanEvalItem item, String candidate) {
        return candidate + "\n\n" + item.test() + "\n\n__azr_candidate = " + item.entryPoint()
                + "\n\ndef f():\n    check(__azr_candidate)\n    return True\n";
    }

    public static List<Verdict> humanEval(List<Candidate<HumanEvalItem>> candidates, Executor executor) {
        List<ExecRequest> requests = new ArrayList<>();
        for (Candidate<HumanEvalItem> c : candidates)
            if (c.program() != null) requests.add(new ExecRequest.Run(humanEvalProgram(c.item(), c.program()), ""));
        List<ExecResult> results = requests.isEmpty() ? List.of() : executor.execute(requests);
        List<Verdict> out = new ArrayList<>();
        int r = 0;
        for (Candidate<HumanEvalItem> c : candidates) {
            if (c.program() == null) {
                out.add(Verdict.unparsed(false));
                continue;
            }
            ExecResult res = results.get(r++);
            boolean ok = passed(res);
            out.add(new Verdict(c.program(), ok, null, ok ? null : failure(res)));
        }
        return out;
    }

    /** MBPP+: one outcome per candidate, base and base + plus. */
    public static List<Outcome> mbpp(List<Candidate<MbppItem>> candidates, Executor executor) {
        List<ExecRequest> requests = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();   // per candidate: [first base request, first plus request, end]
        for (Candidate<MbppItem> c : candidates) {
            int start = requests.size();
            if (c.program() == null) {
                ranges.add(new int[] {start, start, start});
                continue;
            }
            for (List<String> chunk : chunks(c.item().baseInputs())) requests.add(mbppRequest(c.item(), c.program(), chunk));
            int plus = requests.size();
            for (List<String> chunk : chunks(c.item().plusInputs())) requests.add(mbppRequest(c.item(), c.program(), chunk));
            ranges.add(new int[] {start, plus, requests.size()});
        }
        List<ExecResult> results = requests.isEmpty() ? List.of() : executor.execute(requests);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).program() == null) {
                out.add(new Outcome(false, false, Verdict.UNPARSED));
                continue;
            }
            int[] range = ranges.get(i);
            String detail = null;
            boolean base = true, all = true;
            for (int r = range[0]; r < range[2]; r++) {
                ExecResult res = results.get(r);
                if (passed(res)) continue;
                all = false;
                if (r < range[1]) base = false;
                if (detail == null) detail = (r < range[1] ? "base: " : "plus: ") + failure(res);
            }
            out.add(new Outcome(base, all, detail));
        }
        return out;
    }

    static ExecRequest mbppRequest(MbppItem item, String candidate, List<String> inputs) {
        StringBuilder p = new StringBuilder(candidate).append("\n\n");
        p.append("def __azr_reference():\n");
        for (String line : item.canonicalSolution().split("\n", -1)) p.append("    ").append(line).append('\n');
        p.append("    return ").append(item.entryPoint()).append("\n\n");
        p.append(SAME);
        p.append("__azr_inputs = [\n");
        for (String args : inputs) p.append("    ").append(args).append(",\n");
        p.append("]\n\n");
        p.append("def f():\n");
        p.append("    reference = __azr_reference()\n");
        p.append("    candidate = ").append(item.entryPoint()).append('\n');
        p.append("    for args in __azr_inputs:\n");
        p.append("        expected = reference(*__azr_copy.deepcopy(args))\n");
        p.append("        got = candidate(*__azr_copy.deepcopy(args))\n");
        p.append("        if not __azr_same(expected, got, ").append(item.atol()).append("):\n");
        p.append("            return False\n");
        p.append("    return True\n");
        return new ExecRequest.Run(p.toString(), "");
    }

    /** EvalPlus's comparison: equal, or for float outputs the same type and close within atol (+ 1e-7 relative). */
    private static final String SAME = """
            import copy as __azr_copy

            def __azr_floats(x):
                return isinstance(x, float) or (isinstance(x, (list, tuple)) and len(x) > 0 and all(isinstance(i, float) for i in x))

            def __azr_close(e, o, atol):
                try:
                    return abs(o - e) <= atol + 1e-07 * abs(e)
                except Exception:
                    return False

            def __azr_same(expected, got, atol):
                if got == expected:
                    return True
                if atol == 0 and __azr_floats(expected):
                    atol = 1e-6
                if atol == 0 or type(got) != type(expected):
                    return False
                if isinstance(expected, (list, tuple)):
                    return len(got) == len(expected) and all(__azr_close(e, o, atol) for e, o in zip(expected, got))
                return __azr_close(expected, got, atol)

            """;

    static List<List<String>> chunks(List<String> inputs) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int chars = 0;
        for (String in : inputs) {
            if (!cur.isEmpty() && (cur.size() >= CHUNK_INPUTS || chars + in.length() > CHUNK_CHARS)) {
                out.add(cur);
                cur = new ArrayList<>();
                chars = 0;
            }
            cur.add(in);
            chars += in.length();
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private static boolean passed(ExecResult r) {
        return r.ok() && "True".equals(r.output());
    }

    private static String failure(ExecResult r) {
        if (r.error() != null) return r.error().kind().id() + ": " + r.error().message();
        return r.ok() ? "wrong output" : "failed";
    }
}
