package dev.azr4j.core.step;

import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.IoPair;
import java.util.List;

/** What a solver's answer is for each task type, and the executor check that grades it. */
final class SolverAnswers {
    private SolverAnswers() {}

    /** The solver's answer to a task type: input, output or program text ("" when absent). */
    static String of(TaskType t, Response r) {
        return switch (t) {
            case ABDUCTION -> SolutionParser.input(r);
            case DEDUCTION -> SolutionParser.output(r);
            case INDUCTION -> {
                Parsed<String> p = SolutionParser.program(r);
                yield p.isOk() ? p.value() : "";
            }
        };
    }

    /** The executor check of an answer, or null when the answer is empty (then it is simply wrong). */
    static ExecRequest check(Task task, String answer, TaskType t) {
        if (answer.isBlank()) return null;
        return switch (task) {
            // rewards accept values only
            case Triplet tr when t == TaskType.ABDUCTION -> new ExecRequest.CheckInput(tr.program(), tr.output(), answer, Grading.STRICT);
            case Triplet tr -> new ExecRequest.CheckOutput(tr.program(), tr.input(), answer, Grading.STRICT);
            case InductionProblem p -> {
                String candidate = p.imports().isEmpty() ? answer : String.join("\n", p.imports()) + "\n" + answer;
                List<IoPair> hidden = p.hidden();
                yield new ExecRequest.CheckProgram(candidate, hidden, p.program());  // outputs read in the gold program's namespace
            }
        };
    }
}
