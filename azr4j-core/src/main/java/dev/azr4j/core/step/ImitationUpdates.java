package dev.azr4j.core.step;

import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * {@code updates} more optimizer steps after the step's update, each on fresh environment tasks
 * of every type, imitation only: a model trained from zero needs many small steps more than one
 * large one, and these cost a forward and backward pass each, no sampling.
 */
final class ImitationUpdates implements StepExtension {
    private final EnvironmentTasks environment;
    private final Executor executor;
    private final AnswerImitation answers;
    private final UpdateBatch weights;
    private final List<TaskType> types;
    private final int updates;
    private final ToIntFunction<TaskType> tasksPerUpdate;

    ImitationUpdates(EnvironmentTasks environment, Executor executor, AnswerImitation answers, UpdateBatch weights,
                     List<TaskType> types, int updates, ToIntFunction<TaskType> tasksPerUpdate) {
        this.environment = environment;
        this.executor = executor;
        this.answers = answers;
        this.weights = weights;
        this.types = types;
        this.updates = updates;
        this.tasksPerUpdate = tasksPerUpdate;
    }

    @Override
    public int extraUpdates(PolicyUpdate update, StepContext ctx) {
        int ran = 0;
        for (int u = 0; u < updates; u++) {
            Map<TaskType, List<Task>> fresh = new EnumMap<>(TaskType.class);
            ctx.clock().executing(() -> {
                for (TaskType t : types) fresh.put(t, environment.draw(t, tasksPerUpdate.applyAsInt(t), ctx.random(), executor));
                return null;
            });
            List<TrainSequence> batch = weights.imitation(answers.of(types, fresh));
            if (batch.isEmpty()) continue;
            update.update(batch, ctx);
            ran++;
        }
        return ran;
    }
}
