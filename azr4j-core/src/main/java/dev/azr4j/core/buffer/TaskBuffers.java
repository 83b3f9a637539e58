package dev.azr4j.core.buffer;

import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The three task buffers of a run: abduction and deduction hold triplets, induction holds
 * problems.
 *
 * <p>Dedup (a deliberate difference from the original, which keeps duplicates during self-play):
 * a triplet is a duplicate when its normalised program (trailing spaces and blank lines removed)
 * and stripped input equal an entry's; an induction problem when its normalised program and
 * inputs do. Duplicates still earn their reward, they are only not stored twice, so sampling is
 * not skewed towards programs the proposer repeats.
 */
public final class TaskBuffers {
    private final TaskBuffer<Triplet> abduction;
    private final TaskBuffer<Triplet> deduction;
    private final TaskBuffer<InductionProblem> induction;

    public TaskBuffers(int cap, CapPolicy capPolicy, boolean dedup) {
        abduction = new TaskBuffer<>(cap, capPolicy, dedup ? TaskBuffers::tripletKey : null);
        deduction = new TaskBuffer<>(cap, capPolicy, dedup ? TaskBuffers::tripletKey : null);
        induction = new TaskBuffer<>(cap, capPolicy, dedup ? TaskBuffers::problemKey : null);
    }

    public TaskBuffer<Triplet> abduction() {
        return abduction;
    }

    public TaskBuffer<Triplet> deduction() {
        return deduction;
    }

    public TaskBuffer<InductionProblem> induction() {
        return induction;
    }

    /** The triplet buffer of abduction or deduction. */
    public TaskBuffer<Triplet> triplets(TaskType type) {
        return switch (type) {
            case ABDUCTION -> abduction;
            case DEDUCTION -> deduction;
            case INDUCTION -> throw new IllegalArgumentException("induction has no triplet buffer");
        };
    }

    public int size(TaskType type) {
        return type == TaskType.INDUCTION ? induction.size() : triplets(type).size();
    }

    /**
     * A program for an induction proposal: drawn uniformly from the union of the abduction and
     * deduction buffers (a triplet in both is twice as likely, as in the original). Null when both are empty.
     */
    public Triplet programForInduction(RandomGenerator rng) {
        List<TaskBuffer.Entry<Triplet>> union = new ArrayList<>(abduction.entries());
        union.addAll(deduction.entries());
        if (union.isEmpty()) return null;
        return union.get(rng.nextInt(union.size())).task();
    }

    /** Seeds: triplets go into both abduction and deduction, problems into induction, all at step 0. */
    public void seed(List<Triplet> triplets, List<InductionProblem> problems) {
        for (Triplet t : triplets) {
            abduction.add(t, 0);
            deduction.add(t, 0);
        }
        for (InductionProblem p : problems) induction.add(p, 0);
    }

    static String tripletKey(Triplet t) {
        return PythonSource.normalize(t.program()) + '\u0000' + t.input().strip();
    }

    static String problemKey(InductionProblem p) {
        return PythonSource.normalize(p.program()) + '\u0000' + String.join("\u0000", p.inputs());
    }
}
