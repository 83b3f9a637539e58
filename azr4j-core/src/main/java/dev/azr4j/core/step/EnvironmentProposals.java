package dev.azr4j.core.step;

import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A prior of valid proposals: {@code n} environment tasks per proposer each step, written as that
 * proposer would write them and imitated on a proposer prompt (deduction and abduction: programs
 * that tell their inputs apart, with an input; induction: inputs with more than one output, and the
 * program's description as the message). Only the terse formats have such a completion.
 */
final class EnvironmentProposals implements StepExtension {
    private final EnvironmentTasks environment;
    private final Executor executor;
    private final Policy policy;
    private final PromptBuilder prompts;
    private final int perType;
    private final int inductionInputs;
    private int imitated;

    EnvironmentProposals(EnvironmentTasks environment, Executor executor, Policy policy, PromptBuilder prompts, int perType, int inductionInputs) {
        this.environment = environment;
        this.executor = executor;
        this.policy = policy;
        this.prompts = prompts;
        this.perType = perType;
        this.inductionInputs = inductionInputs;
    }

    @Override
    public List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        List<Imitation> out = new ArrayList<>();
        for (TaskType t : plan.types()) {
            List<Task> tasks = ctx.clock().executing(() -> environment.drawProposals(t, perType, ctx.random(), executor));
            for (Task task : tasks) {
                String completion, prompt;
                switch (task) {
                    case InductionProblem p -> {
                        completion = prompts.templates().inductionProposal(p);
                        prompt = prompts.templates().proposeInputs(
                                new Triplet(p.program(), p.inputs().getFirst(), p.outputs().getFirst(), List.of()), inductionInputs);
                    }
                    case Triplet tr -> {
                        completion = prompts.templates().proposal(tr);
                        prompt = prompts.propose(t, ctx.random()).text();
                    }
                }
                if (completion == null || !prompts.fits(prompt)) continue;
                Imitation x = Imitation.encode(Imitation.Kind.PROPOSALS, policy, prompt, completion, null);
                if (x != null) out.add(x);
            }
        }
        imitated = out.size();
        return out;
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        if (imitated > 0) m.put("imitation/proposal_environment", imitated);
    }
}
