package dev.azr4j.core.step;

import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.grammar.TerseGrammars;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.prompt.ProposePrompt;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a step: {@code batchSize} proposer prompts per task type (references from the buffers),
 * then per type the solve batch: what the extensions supply (the environment's curriculum) and the
 * rest from the buffers, all drawn before any of this step's proposals is stored.
 */
final class StepPlanner {
    private final PromptBuilder prompts;
    private final RoleGrammars grammars;
    private final List<TaskType> types;
    private final int batchSize;
    private final int inductionInputs;
    private final SolveMix mix;

    StepPlanner(PromptBuilder prompts, RoleGrammars grammars, List<TaskType> types, int batchSize, int inductionInputs, SolveMix mix) {
        this.prompts = prompts;
        this.grammars = grammars;
        this.types = types;
        this.batchSize = batchSize;
        this.inductionInputs = inductionInputs;
        this.mix = mix;
    }

    StepPlan plan(StepContext ctx, List<StepExtension> extensions) {
        Map<TaskType, List<Proposal>> proposals = new EnumMap<>(TaskType.class);
        for (TaskType t : types) {
            List<Proposal> ps = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                ProposePrompt prompt = prompts.propose(t, ctx.random());
                GrammarSource g = grammars.of(t, Role.PROPOSE);
                // the terse induction proposer writes inputs of the type its program takes
                if (t == TaskType.INDUCTION && TerseGrammars.isTerse(g)) g = grammars.inductionInputsLike(prompt.program().input(), inductionInputs);
                ps.add(new Proposal(prompt, g));
            }
            proposals.put(t, ps);
        }
        Map<TaskType, List<Solve>> solves = new EnumMap<>(TaskType.class);
        Map<TaskType, List<Task>> imitationOnly = new EnumMap<>(TaskType.class);
        for (TaskType t : types) {
            List<Solve> ss = new ArrayList<>();
            List<Task> imitate = new ArrayList<>();
            for (StepExtension e : extensions) {
                EnvironmentDraw drawn = e.drawSolveTasks(t, batchSize, ctx);
                for (Task task : drawn.solve()) ss.add(solve(t, task, true));
                imitate.addAll(drawn.imitationOnly());
            }
            for (Task task : prompts.solveTasks(t, batchSize - ss.size(), ctx.step(), mix, ctx.random())) ss.add(solve(t, task, false));
            solves.put(t, ss);
            imitationOnly.put(t, imitate);
        }
        return new StepPlan(types, proposals, solves, imitationOnly);
    }

    private Solve solve(TaskType t, Task task, boolean fromEnvironment) {
        return new Solve(t, task, prompts.solve(t, task), grammars.of(t, Role.SOLVE), fromEnvironment);
    }
}
