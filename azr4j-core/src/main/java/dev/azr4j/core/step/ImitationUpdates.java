package dev.azr4j.core.step;

import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * {@code updates} more optimizer steps after the step's update, each on fresh environment tasks
 * of every type, imitation only: a model trained from zero needs many small steps more than one
 * large one, and these cost a forward and backward pass each, no sampling. With a buffer share
 * ({@code selfplay.curriculum.buffer_imitation}), that share of each type's tasks comes from the
 * type's task buffer instead (the proposers' validated tasks, newer ones more often), so that what
 * the proposers write is a real part of what the solver learns from.
 */
final class ImitationUpdates implements StepExtension {
    private final EnvironmentTasks environment;
    private final Executor executor;
    private final AnswerImitation answers;
    private final UpdateBatch weights;
    private final List<TaskType> types;
    private final int updates;
    private final ToIntFunction<TaskType> tasksPerUpdate;
    private final TaskBuffers buffers;
    private final double bufferShare;
    private final Map<TaskType, Long> fromBuffer = new EnumMap<>(TaskType.class);

    ImitationUpdates(EnvironmentTasks environment, Executor executor, AnswerImitation answers, UpdateBatch weights,
                     List<TaskType> types, int updates, ToIntFunction<TaskType> tasksPerUpdate, TaskBuffers buffers, double bufferShare) {
        this.environment = environment;
        this.executor = executor;
        this.answers = answers;
        this.weights = weights;
        this.types = types;
        this.updates = updates;
        this.tasksPerUpdate = tasksPerUpdate;
        this.buffers = buffers;
        this.bufferShare = bufferShare;
    }

    @Override
    public int extraUpdates(PolicyUpdate update, StepContext ctx) {
        fromBuffer.clear();
        int ran = 0;
        for (int u = 0; u < updates; u++) {
            Map<TaskType, List<Task>> fresh = new EnumMap<>(TaskType.class);
            for (TaskType t : types) fresh.put(t, new ArrayList<>(buffered(t, ctx)));
            ctx.clock().executing(() -> {
                for (TaskType t : types) {
                    int n = tasksPerUpdate.applyAsInt(t) - fresh.get(t).size();
                    if (n > 0) fresh.get(t).addAll(environment.draw(t, n, ctx.random(), executor));
                }
                return null;
            });
            List<TrainSequence> batch = weights.imitation(answers.of(types, fresh));
            if (batch.isEmpty()) continue;
            update.update(batch, ctx);
            ran++;
        }
        return ran;
    }

    /** The buffer's part of one update's tasks of type {@code t}: none without a share, so that no random draw is spent. */
    private List<? extends Task> buffered(TaskType t, StepContext ctx) {
        int k = (int) Math.round(tasksPerUpdate.applyAsInt(t) * bufferShare);
        if (k == 0 || buffers == null) return List.of();
        List<? extends Task> out = t == TaskType.INDUCTION
                ? buffers.induction().sampleDistinctByStep(k, ctx.random())
                : buffers.triplets(t).sampleDistinctByStep(k, ctx.random());
        fromBuffer.merge(t, (long) out.size(), Long::sum);
        return out;
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        if (bufferShare > 0) for (TaskType t : types) m.put("imitation/" + t.id() + "/from_buffer", fromBuffer.getOrDefault(t, 0L));
    }
}
