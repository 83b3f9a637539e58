package dev.azr4j.core.step;

import dev.azr4j.core.task.Group;
import java.util.List;

/**
 * One of the six groups of TRR++ (task type × role): its rollouts and their advantages, the
 * rewards normalised within the group.
 */
public record RlGroup(Group group, List<Rollout> rollouts, double[] advantages) {
    public RlGroup {
        rollouts = List.copyOf(rollouts);
        if (advantages.length != rollouts.size())
            throw new IllegalArgumentException(advantages.length + " advantages for " + rollouts.size() + " rollouts");
    }
}
