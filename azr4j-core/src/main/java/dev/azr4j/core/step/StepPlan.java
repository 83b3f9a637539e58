package dev.azr4j.core.step;

import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a step works on, per task type: the proposals to write, the solve batch (environment tasks
 * first, then buffer tasks), and the environment's tasks that are only imitated.
 *
 * @param types the trained task types, in step order
 */
public record StepPlan(List<TaskType> types, Map<TaskType, List<Proposal>> proposals, Map<TaskType, List<Solve>> solves,
                       Map<TaskType, List<Task>> imitationOnly) {

    public List<Proposal> proposals(TaskType t) {
        return proposals.get(t);
    }

    public List<Solve> solves(TaskType t) {
        return solves.get(t);
    }

    /** Every proposal, type by type. */
    public List<Proposal> allProposals() {
        List<Proposal> all = new ArrayList<>();
        for (TaskType t : types) all.addAll(proposals.get(t));
        return all;
    }

    /** The rollouts sampled first: every proposal, then every solve, type by type. */
    List<Rollout> firstRollouts() {
        List<Rollout> out = new ArrayList<>();
        for (TaskType t : types) proposals.get(t).forEach(p -> out.add(p.rollout()));
        for (TaskType t : types) solves.get(t).forEach(x -> out.add(x.rollout()));
        return out;
    }
}
