package dev.azr4j.core.step;

import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imitation of executor-verified answers: for every task of the solve batches (environment or
 * buffer) and the environment's imitation-only tasks, the solve prompt and the known answer
 * ({@link Imitation.Kind#ANSWERS}); unmasked, so the full distribution learns the answer.
 */
final class AnswerImitation implements StepExtension {
    private final Policy policy;
    private final PromptBuilder prompts;

    AnswerImitation(Policy policy, PromptBuilder prompts) {
        this.policy = policy;
        this.prompts = prompts;
    }

    @Override
    public List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        Map<TaskType, List<Task>> tasks = new java.util.EnumMap<>(TaskType.class);
        for (TaskType t : plan.types()) {
            List<Task> all = new ArrayList<>();
            for (Solve x : plan.solves(t)) all.add(x.task());
            all.addAll(plan.imitationOnly().getOrDefault(t, List.of()));
            tasks.put(t, all);
        }
        return of(plan.types(), tasks);
    }

    /** The imitated answers of {@code tasks}, type by type; tasks whose answer cannot be written or does not fit are left out. */
    List<Imitation> of(List<TaskType> types, Map<TaskType, List<Task>> tasks) {
        List<Imitation> out = new ArrayList<>();
        for (TaskType t : types) {
            for (Task task : tasks.getOrDefault(t, List.of())) {
                String answer = prompts.templates().solution(t, task);
                String prompt = prompts.solve(t, task);
                if (answer == null || !prompts.fits(prompt)) continue;
                Imitation x = Imitation.encode(Imitation.Kind.ANSWERS, policy, prompt, answer, null);
                if (x != null) out.add(x);
            }
        }
        return out;
    }
}
