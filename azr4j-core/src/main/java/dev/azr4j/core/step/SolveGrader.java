package dev.azr4j.core.step;

import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.Executor;

/**
 * Grades the solve batch in one executor batch: a well-formed answer is checked strictly (a value,
 * not an expression); a malformed one (the format, or an induction answer that is not a program) is
 * wrong without a check.
 */
final class SolveGrader {
    private final Executor executor;

    SolveGrader(Executor executor) {
        this.executor = executor;
    }

    void grade(StepPlan plan, StepContext ctx) {
        ExecBatch batch = new ExecBatch();
        for (TaskType t : plan.types()) {
            for (Solve x : plan.solves(t)) {
                Response r = x.rollout().response();
                if (t == TaskType.INDUCTION) {
                    Parsed<String> program = SolutionParser.program(r);
                    if (!program.isOk()) x.parseFailure = program.failure().id();
                }
                if (!x.wellFormed()) continue;
                ExecRequest check = SolverAnswers.check(x.task(), SolverAnswers.of(t, r), t);
                if (check != null) batch.add(check, res -> {
                    x.rollout().noteRefusal(res);
                    x.correct = res.ok();
                    if (res.rejectReason() != null) x.rejected = res.rejectReason().id();
                });
            }
        }
        ctx.clock().execute(batch, executor);
    }
}
