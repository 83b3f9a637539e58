package dev.azr4j.core.step;

import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Remembers each step's valid, learnable proposals ({@link ProposalMemory}) and replays {@code n}
 * remembered ones per type by imitation, under the grammar they were sampled with: what once made
 * a good task stays likely while the policy moves.
 */
final class ProposalReplays implements StepExtension {
    private final ProposalMemory memory;
    private final int perType;
    private int replayed;

    ProposalReplays(ProposalMemory memory, int perType) {
        this.memory = memory;
        this.perType = perType;
    }

    @Override
    public List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        for (TaskType t : plan.types())
            for (Proposal p : plan.proposals(t))
                if (p.task() != null && p.learnability() > 0 && p.rollout().completion().length() > 0) memory.remember(t, p.rollout().completion());
        List<Imitation> out = new ArrayList<>();
        for (TaskType t : plan.types())
            for (Completion c : memory.draw(t, perType, ctx.random()))
                out.add(new Imitation(Imitation.Kind.PROPOSALS, c.promptIds(), c.tokenIds(), c.grammar()));
        replayed = out.size();
        return out;
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        m.put("imitation/proposal_replays", replayed);
        for (TaskType t : plan.types()) m.put("imitation/" + t.id() + "/proposal_memory", memory.size(t));
    }

    @Override
    public Checkpointed state() {
        return memory;
    }

    @Override
    public String name() {
        return "proposal_memory";
    }
}
