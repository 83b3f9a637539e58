package dev.azr4j.core.step;

import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.parse.InputsProposal;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.ProgramProposal;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.Executor;
import java.util.List;

/**
 * Judges every proposal of a step: parses it, runs it (a program on its input; an induction
 * proposal's program on each of its inputs) and lets the gate rule on it, all in one executor batch;
 * then gives each its {@link Verdict}, in step order (the gate's duplicate rule sees earlier
 * proposals of the step first).
 */
final class ProposalJudge {
    private final ProposalParser parser;
    private final ProposalGate gate;
    private final TaskBuffers buffers;
    private final Executor executor;
    private final int inductionInputs;

    ProposalJudge(ProposalParser parser, ProposalGate gate, TaskBuffers buffers, Executor executor, int inductionInputs) {
        this.parser = parser;
        this.gate = gate;
        this.buffers = buffers;
        this.executor = executor;
        this.inductionInputs = inductionInputs;
    }

    /** What the executor says about one parsed proposal, filled in by its results. */
    private static final class Run {
        Task task;
        String failure;
    }

    void judge(StepPlan plan, StepContext ctx) {
        ExecBatch batch = new ExecBatch();
        gate.beginStep(ctx.seed(), buffers, batch);
        List<Proposal> all = plan.allProposals();
        Run[] runs = new Run[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Proposal p = all.get(i);
            runs[i] = p.source().type() == TaskType.INDUCTION ? runInputs(p, batch) : runProgram(p, batch);
        }
        ctx.clock().execute(batch, executor);
        for (int i = 0; i < all.size(); i++) {
            Proposal p = all.get(i);
            Run run = runs[i];
            if (run == null) continue;   // did not parse: its verdict is set
            String reason = run.failure;
            String rejected = gate.judge(p.check, reason == null ? run.task : null);
            if (rejected != null) reason = rejected;
            if (run.task == null && reason == null) reason = "invalid";
            if (reason != null) {
                p.verdict = new Verdict.Invalid(reason);
            } else {
                p.verdict = new Verdict.Valid(run.task);
                p.judgedTask = run.task;
            }
        }
    }

    private Run runProgram(Proposal p, ExecBatch batch) {
        Parsed<ProgramProposal> parsed = parser.program(p.rollout().response());
        if (!parsed.isOk()) {
            p.verdict = new Verdict.Unparsed(parsed.failure().id());
            return null;
        }
        ProgramProposal pp = parsed.value();
        Run run = new Run();
        batch.add(new ExecRequest.Validate(pp.program(), pp.input()), r -> {
            p.rollout().noteRefusal(r);
            if (r.ok() && r.output() != null) run.task = new Triplet(pp.program(), pp.input(), r.output(), pp.imports());
            else run.failure = ExecBatch.errorId(r);
        });
        p.check = gate.program(p.source().type(), pp.program(), pp.input(), batch);
        return run;
    }

    private Run runInputs(Proposal p, ExecBatch batch) {
        Parsed<InputsProposal> parsed = parser.inputs(p.rollout().response(), inductionInputs);
        if (!parsed.isOk()) {
            p.verdict = new Verdict.Unparsed(parsed.failure().id());
            return null;
        }
        InputsProposal ip = parsed.value();
        Triplet program = p.source().program();
        Run run = new Run();
        String[] outputs = new String[ip.inputs().size()];
        int[] pending = {outputs.length};
        for (int i = 0; i < outputs.length; i++) {
            int k = i;
            batch.add(new ExecRequest.Validate(program.program(), ip.inputs().get(i)), r -> {
                p.rollout().noteRefusal(r);
                if (r.ok() && r.output() != null) outputs[k] = r.output();
                else if (run.failure == null) run.failure = ExecBatch.errorId(r);
                if (--pending[0] == 0 && run.failure == null)
                    run.task = new InductionProblem(program.program(), ip.inputs(), List.of(outputs), ip.message(), program.imports());
            });
        }
        p.check = gate.inputs(TaskType.INDUCTION, program.program(), ip.inputs(), batch);
        return run;
    }
}
