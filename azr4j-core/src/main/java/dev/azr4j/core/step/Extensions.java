package dev.azr4j.core.step;

import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.curriculum.HindsightRepairs;
import dev.azr4j.core.curriculum.World;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;

/** Builds a step's extensions from its settings: each from-zero measure that is switched on, in the order their hooks run. */
final class Extensions {
    private Extensions() {}

    /**
     * The order fixes the order of their random draws: the environment's solve tasks, the answers'
     * imitation, proposal replays, environment proposals, hindsight repairs, the shuffled control,
     * the imitation updates.
     */
    static List<StepExtension> of(SelfPlaySettings s, Policy policy, Executor executor, PromptBuilder prompts, ProposalParser parser,
                                  ProposalGate gate, UpdateBatch weights, TaskBuffers buffers) {
        CurriculumConfig c = s.curriculum();
        List<StepExtension> out = new ArrayList<>();
        EnvironmentTasks environment = c.drawsTasks()
                ? new EnvironmentTasks(c.surface(), c.maxOps(), s.inductionInputs(), c.minShare(), c.canonicalInputs(), c.proposalLiteralInputs(),
                        c.loopPrograms(), c.narrowShare()) : null;
        if (environment != null)   // with imitation updates, the imitation-only tasks are drawn there instead
            out.add(new EnvironmentCurriculum(environment, executor, c.environmentTasks(), t -> c.imitationUpdates() > 0 ? 0 : c.imitationTasks(t)));
        AnswerImitation answers = c.imitationCoef() > 0 ? new AnswerImitation(policy, prompts) : null;
        if (answers != null) out.add(answers);
        if (c.proposalReplays() > 0) out.add(new ProposalReplays(new ProposalMemory(c.proposalMemory()), c.proposalReplays()));
        // only the terse formats have a proposal's completion to imitate
        if (environment != null && c.proposalImitation() > 0 && s.promptStyle().terse())
            out.add(new EnvironmentProposals(environment, executor, policy, prompts, c.proposalImitation(), s.inductionInputs()));
        if (c.hindsightProposals() && s.promptStyle().terse())
            out.add(new HindsightProposals(new HindsightRepairs(c.surface()), parser, gate, environment, executor, policy, s.inductionInputs()));
        if (c.shuffleRewards()) out.add(new ShuffledControl());
        if (environment != null && answers != null && c.imitationUpdates() > 0)
            out.add(new ImitationUpdates(environment, executor, answers, weights, s.taskTypes(), c.imitationUpdates(), c::imitationTasks,
                    buffers, c.bufferImitation()));
        // metrics only; the narrow world's runs keep issue 10's metrics
        if (s.promptStyle().terse() && c.surface() != World.NARROW)
            out.add(new ProposalReach(c.surface(), c.maxOps(), c.surface().proposerDepth(c.maxOps())));
        return List.copyOf(out);
    }
}
