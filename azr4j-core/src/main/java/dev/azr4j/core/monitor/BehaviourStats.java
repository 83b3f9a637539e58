package dev.azr4j.core.monitor;

import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import java.util.EnumMap;
import java.util.Map;

/**
 * The emergent-behaviour metrics of one step, per task type ({@code behaviour/T/...}):
 * <ul>
 *   <li>{@code comment_rate}: share of the programs the model wrote that hold a {@code #} comment
 *       ({@link PythonComments}); the programs are the valid proposed programs for abduction and
 *       deduction, and the solver's parsed programs for induction (there the proposer writes only
 *       inputs and a message, the program comes from the buffer);</li>
 *   <li>{@code program_ast_depth}: mean depth of those programs' Python AST (the module is depth 1),
 *       computed by the executor with Python's own {@code ast} module: a real parse, not an
 *       estimate; programs that do not parse are left out;</li>
 *   <li>{@code reasoning_tokens}: mean length in tokens of the think section, over the proposer's
 *       and the solver's rollouts of the step (the Monte-Carlo rollouts are left out so that the
 *       proposer's reasoning keeps its weight);</li>
 *   <li>{@code trial_and_error_rate}: share of those reasoning texts that {@link TrialAndError}
 *       recognises.</li>
 * </ul>
 * A metric with nothing to average over is null for that step.
 */
public final class BehaviourStats {
    /** Returns the depth of the AST of the source text it is given (iteratively: no recursion limit). */
    public static final String AST_DEPTH_PROGRAM = """
            import ast
            def f(src):
                best = 0
                stack = [(ast.parse(src), 1)]
                while stack:
                    node, depth = stack.pop()
                    best = max(best, depth)
                    stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
                return best""";

    private static final class Tally {
        int programs, commented, depths, reasoning, trialAndError;
        long depthSum, reasoningTokens;
    }

    private final Map<TaskType, Tally> tallies = new EnumMap<>(TaskType.class);

    private Tally of(TaskType t) {
        return tallies.computeIfAbsent(t, k -> new Tally());
    }

    /** Counts a program the model wrote for task type {@code t}; returns the executor request for its AST depth. */
    public ExecRequest program(TaskType t, String program) {
        Tally x = of(t);
        x.programs++;
        if (PythonComments.hasComment(program)) x.commented++;
        return new ExecRequest.Run(AST_DEPTH_PROGRAM, PythonSource.stringLiteral(program));
    }

    /** Takes the result of a {@link #program} request. */
    public void depth(TaskType t, ExecResult r) {
        if (r == null || !r.ok() || r.output() == null) return;
        try {
            int d = Integer.parseInt(r.output().strip());
            Tally x = of(t);
            x.depths++;
            x.depthSum += d;
        } catch (NumberFormatException ignored) {
            // not a depth: leave it out of the mean
        }
    }

    /** Counts one reasoning text of task type {@code t} and its length in tokens. */
    public void reasoning(TaskType t, String reasoning, int tokens) {
        Tally x = of(t);
        x.reasoning++;
        x.reasoningTokens += tokens;
        if (TrialAndError.detect(reasoning)) x.trialAndError++;
    }

    /** Puts the four metrics of {@code t} into {@code m} (nulls where there was nothing to count). */
    public void metrics(Map<String, Object> m, TaskType t) {
        Tally x = tallies.getOrDefault(t, new Tally());
        String p = "behaviour/" + t.id() + "/";
        m.put(p + "comment_rate", x.programs == 0 ? null : x.commented / (double) x.programs);
        m.put(p + "reasoning_tokens", x.reasoning == 0 ? null : x.reasoningTokens / (double) x.reasoning);
        m.put(p + "trial_and_error_rate", x.reasoning == 0 ? null : x.trialAndError / (double) x.reasoning);
        m.put(p + "program_ast_depth", x.depths == 0 ? null : x.depthSum / (double) x.depths);
    }
}
