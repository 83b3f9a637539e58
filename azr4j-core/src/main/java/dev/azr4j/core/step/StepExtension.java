package dev.azr4j.core.step;

import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.Group;
import dev.azr4j.core.task.TaskType;
import java.util.List;
import java.util.Map;

/**
 * A measure added to the paper's step (the from-zero curriculum, imitation, repairs, the control
 * arm): it may add tasks to the solve batches, see the judged proposals before anything is stored,
 * change the groups' rewards, add imitated sequences to the update, take further optimizer steps,
 * write metrics, and remember something from one step to the next. Every hook is called on every
 * extension in the order {@link Extensions#of} builds them, which fixes the order of their random
 * draws; a hook an extension does not need does nothing.
 */
public interface StepExtension {
    /** Tasks for type {@code t}'s solve batch of {@code batchSize} (before the buffers fill the rest), and tasks only to imitate. */
    default EnvironmentDraw drawSolveTasks(TaskType t, int batchSize, StepContext ctx) {
        return EnvironmentDraw.NONE;
    }

    /** Sees the judged proposals before their learnability is estimated and anything is stored. */
    default void judged(StepPlan plan, StepContext ctx) {}

    /** May change the rewards of the groups' rollouts before the advantages are computed. */
    default void beforeAdvantages(Map<Group, List<Rollout>> groups, StepContext ctx) {}

    /** Sequences to imitate in the step's update (and learns from the step's outcome). */
    default List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        return List.of();
    }

    /** Further optimizer steps after the step's update; returns how many ran. */
    default int extraUpdates(PolicyUpdate update, StepContext ctx) {
        return 0;
    }

    /** Its metrics of the step. */
    default void metrics(Map<String, Object> m, StepPlan plan) {}

    /** What it remembers between steps, saved in checkpoints under {@code name}; null when nothing. */
    default Checkpointed state() {
        return null;
    }

    /** The name of its part of the checkpoint's loop state. */
    default String name() {
        return getClass().getSimpleName();
    }
}
