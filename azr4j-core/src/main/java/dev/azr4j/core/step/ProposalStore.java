package dev.azr4j.core.step;

import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.EnumMap;
import java.util.Map;

/**
 * Appends the step's valid proposals to their buffers, in step order (abduction, deduction,
 * induction), unless the gate's solve band keeps one out; tells the gate what entered.
 */
final class ProposalStore {
    /** What storing did to one task type's buffer. */
    record Changes(int added, int duplicates, int discarded, int outOfBand, int extraTasks) {}

    private final TaskBuffers buffers;
    private final ProposalGate gate;

    ProposalStore(TaskBuffers buffers, ProposalGate gate) {
        this.buffers = buffers;
        this.gate = gate;
    }

    Map<TaskType, Changes> store(StepPlan plan, long step) {
        Map<TaskType, Changes> out = new EnumMap<>(TaskType.class);
        for (TaskType t : plan.types()) {
            int[] counts = new int[TaskBuffer.Added.values().length];
            int outOfBand = 0, extras = 0;
            for (Proposal p : plan.proposals(t)) {
                if (p.task() == null) continue;
                if (!gate.inBand(p.answers.rollouts(), p.solveRate)) {
                    outOfBand++;
                    continue;
                }
                TaskBuffer.Added a = switch (p.task()) {
                    case InductionProblem ip -> buffers.induction().add(ip, step);
                    case Triplet tr -> buffers.triplets(t).add(tr, step);
                };
                counts[a.ordinal()]++;
                if (p.task() instanceof Triplet tr)
                    for (Triplet extra : gate.extraTasks(p.check, tr)) if (buffers.triplets(t).add(extra, step) == TaskBuffer.Added.ADDED) extras++;
                if (p.check != null) gate.stored(p.check);
            }
            out.put(t, new Changes(counts[TaskBuffer.Added.ADDED.ordinal()], counts[TaskBuffer.Added.DUPLICATE.ordinal()],
                    counts[TaskBuffer.Added.DISCARDED_FULL.ordinal()], outOfBand, extras));
        }
        return out;
    }
}
