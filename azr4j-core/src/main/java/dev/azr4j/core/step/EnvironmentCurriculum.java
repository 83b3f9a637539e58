package dev.azr4j.core.step;

import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The environment's own tasks in the solve batches ({@link EnvironmentTasks}), as large a share as
 * the proposer's tasks are not yet learnable, and the tasks drawn beside them only to be imitated;
 * remembers the learnable share's average across steps.
 */
final class EnvironmentCurriculum implements StepExtension {
    private final EnvironmentTasks environment;
    private final Executor executor;
    private final boolean inSolveBatches;
    private final ToIntFunction<TaskType> imitationOnly;

    /**
     * @param inSolveBatches whether environment tasks fill the solve batches (else only the imitation-only tasks are drawn)
     * @param imitationOnly  how many further tasks of each type are drawn each step only to be imitated
     */
    EnvironmentCurriculum(EnvironmentTasks environment, Executor executor, boolean inSolveBatches, ToIntFunction<TaskType> imitationOnly) {
        this.environment = environment;
        this.executor = executor;
        this.inSolveBatches = inSolveBatches;
        this.imitationOnly = imitationOnly;
    }

    @Override
    public EnvironmentDraw drawSolveTasks(TaskType t, int batchSize, StepContext ctx) {
        int forSolving = inSolveBatches ? environment.count(t, batchSize) : 0;
        int n = forSolving + imitationOnly.applyAsInt(t);
        List<Task> drawn = ctx.clock().executing(() -> environment.draw(t, n, ctx.random(), executor));
        int k = Math.min(forSolving, drawn.size());
        return new EnvironmentDraw(drawn.subList(0, k), drawn.subList(k, drawn.size()));
    }

    /** Learns how learnable each type's proposals were this step: the share of the next solve batches follows it. */
    @Override
    public List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        for (TaskType t : plan.types()) {
            List<Proposal> ps = plan.proposals(t);
            if (!ps.isEmpty()) environment.observe(t, ps.stream().filter(p -> p.learnability() > 0).count() / (double) ps.size());
        }
        return List.of();
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        for (TaskType t : plan.types()) {
            List<Solve> env = plan.solves(t).stream().filter(Solve::fromEnvironment).toList();
            List<Solve> buf = plan.solves(t).stream().filter(x -> !x.fromEnvironment()).toList();
            m.put("curriculum/" + t.id() + "/share", inSolveBatches ? environment.share(t) : 0.0);
            m.put("curriculum/" + t.id() + "/tasks", (long) env.size());
            m.put("curriculum/" + t.id() + "/accuracy", env.isEmpty() ? null : env.stream().filter(Solve::correct).count() / (double) env.size());
            m.put("solve/" + t.id() + "/buffer_accuracy", buf.isEmpty() ? null : buf.stream().filter(Solve::correct).count() / (double) buf.size());
        }
    }

    @Override
    public Checkpointed state() {
        return environment;
    }

    @Override
    public String name() {
        return "environment";
    }
}
