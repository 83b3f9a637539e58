package dev.azr4j.core.prompt;

import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Builds the prompts of a step from the buffers (spec §3.5, §8.4), keeping each within the prompt
 * token limit: a proposer prompt that is too long shows fewer references; a solve task whose prompt
 * is too long is replaced by another draw (the original crashed when filtering left too few, G3).
 */
public final class PromptBuilder {
    private static final int REDRAW_ROUNDS = 4;

    private final PromptTemplates templates;
    private final TaskBuffers buffers;
    private final int references;
    private final boolean stepWeightedReferences;
    private final int inductionInputs;
    private final ToIntFunction<String> tokenCount;
    private final int maxPromptTokens;

    /**
     * @param references             K: references per abduction/deduction proposer prompt
     * @param stepWeightedReferences draw references with weight step+1 instead of uniformly
     * @param inductionInputs        inputs requested per induction proposal
     * @param tokenCount             the policy's token counter
     * @param maxPromptTokens        prompts longer than this are avoided
     */
    public PromptBuilder(PromptTemplates templates, TaskBuffers buffers, int references, boolean stepWeightedReferences,
                         int inductionInputs, ToIntFunction<String> tokenCount, int maxPromptTokens) {
        this.templates = templates;
        this.buffers = buffers;
        this.references = references;
        this.stepWeightedReferences = stepWeightedReferences;
        this.inductionInputs = inductionInputs;
        this.tokenCount = tokenCount;
        this.maxPromptTokens = maxPromptTokens;
    }

    public PromptTemplates templates() {
        return templates;
    }

    /** Whether a prompt is within the prompt token limit. */
    public boolean fits(String prompt) {
        return tokenCount.applyAsInt(prompt) <= maxPromptTokens;
    }

    /** One proposer prompt of {@code type}; references/program drawn with {@code rng}. */
    public ProposePrompt propose(TaskType type, RandomGenerator rng) {
        if (type == TaskType.INDUCTION) {
            Triplet program = null;
            String text = null;
            for (int round = 0; round < REDRAW_ROUNDS; round++) {
                program = buffers.programForInduction(rng);
                if (program == null) program = Triplet.identity();
                text = templates.proposeInputs(program, inductionInputs);
                if (fits(text)) break;
            }
            return new ProposePrompt(type, text, List.of(), program);
        }
        TaskBuffer<Triplet> buffer = buffers.triplets(type);
        List<Triplet> refs = new ArrayList<>(stepWeightedReferences
                ? buffer.sampleDistinctByStep(references, rng) : buffer.sampleDistinct(references, rng));
        String text = templates.proposeProgram(type, refs);
        while (!fits(text) && !refs.isEmpty()) {
            refs.removeLast();
            text = templates.proposeProgram(type, refs);
        }
        return new ProposePrompt(type, text, refs, null);
    }

    /** The solver prompt of a task: a {@link Triplet} for abduction/deduction, an {@link InductionProblem} for induction. */
    public String solve(TaskType type, Task task) {
        return switch (type) {
            case ABDUCTION -> templates.solveAbduction((Triplet) task);
            case DEDUCTION -> templates.solveDeduction((Triplet) task);
            case INDUCTION -> templates.solveInduction((InductionProblem) task);
        };
    }

    /** The solve batch of {@code type} for step {@code step}: tasks whose prompts fit, at most {@code size}. */
    public List<Task> solveTasks(TaskType type, int size, long step, SolveMix mix, RandomGenerator rng) {
        TaskBuffer<? extends Task> buffer = type == TaskType.INDUCTION ? buffers.induction() : buffers.triplets(type);
        List<Task> out = new ArrayList<>(size);
        List<? extends Task> draw = buffer.solveBatch(size, step, mix, rng);
        for (int round = 0; ; round++) {
            for (Task t : draw) if (out.size() < size && fits(solve(type, t))) out.add(t);
            if (out.size() >= size || round >= REDRAW_ROUNDS) break;
            draw = buffer.solveBatch(size - out.size(), step, SolveMix.UNIFORM_TOTAL, rng);
        }
        return out;
    }
}
