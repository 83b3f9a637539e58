package dev.azr4j.core.step;

import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.core.monitor.BehaviourStats;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the programs the model wrote this step, in one executor batch: the AST size of every
 * valid proposal's program ({@code propose/T/program_ast_nodes}) and the AST depth of every program
 * a proposer or an induction solver wrote ({@link BehaviourStats}).
 */
final class ProgramStats {
    private static final String AST_NODES_PROGRAM = """
            import ast
            def f(src):
                return sum(1 for _ in ast.walk(ast.parse(src)))""";

    private final Executor executor;

    ProgramStats(Executor executor) {
        this.executor = executor;
    }

    BehaviourStats measure(StepPlan plan, StepContext ctx) {
        ExecBatch batch = new ExecBatch();
        for (Proposal p : plan.allProposals()) {
            if (p.task() == null) continue;
            batch.add(new ExecRequest.Run(AST_NODES_PROGRAM, PythonSource.stringLiteral(p.task().program())), r -> {
                if (r.ok() && r.output() != null) {
                    try {
                        p.astNodes = Integer.parseInt(r.output().strip());
                    } catch (NumberFormatException ignored) {
                        // not a count: leave it out of the mean
                    }
                }
            });
        }
        BehaviourStats b = new BehaviourStats();
        for (TaskType t : plan.types()) {
            List<String> programs = new ArrayList<>();
            if (t == TaskType.INDUCTION) {
                for (Solve x : plan.solves(t)) {
                    Parsed<String> p = SolutionParser.program(x.rollout().response());
                    if (p.isOk()) programs.add(p.value());
                }
            } else {
                for (Proposal p : plan.proposals(t)) if (p.task() instanceof Triplet tr) programs.add(tr.program());
            }
            for (String program : programs) batch.add(b.program(t, program), r -> b.depth(t, r));
        }
        ctx.clock().execute(batch, executor);
        return b;
    }
}
