package dev.azr4j.core.gate;

import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gate learned about one proposal whose program parsed: the inputs it was run on beyond
 * the proposer's and their outputs, the canonical form, and what the verdict found. Filled in by the
 * executor's results of the step's validation batch.
 */
public final class GateCheck {
    final TaskType type;
    final String program;
    final List<String> inputs;        // the proposer's: one for deduction/abduction, all for induction
    final List<String> extraInputs;   // drawn by the environment (deduction/abduction)
    final String[] extraOutputs;      // their outputs, null where it did not run
    final int drawnExtras;            // how many of extraInputs are drawn (the rest come from the program's constants)
    final List<String> edgeInputs;    // the ends of the input domain: for the constant verdict only, never stored
    final String[] edgeOutputs;
    CanonicalForm canonical;          // from the executor, null until known (or when it failed)
    boolean duplicateProgram;
    boolean variesOnlyAtEdges;        // constant on the extra inputs, not on the edge inputs

    GateCheck(TaskType type, String program, List<String> inputs, List<String> extraInputs) {
        this(type, program, inputs, extraInputs, extraInputs.size(), List.of());
    }

    GateCheck(TaskType type, String program, List<String> inputs, List<String> extraInputs, int drawnExtras, List<String> edgeInputs) {
        this.type = type;
        this.program = program;
        this.inputs = List.copyOf(inputs);
        this.extraInputs = List.copyOf(extraInputs);
        this.extraOutputs = new String[extraInputs.size()];
        this.drawnExtras = drawnExtras;
        this.edgeInputs = List.copyOf(edgeInputs);
        this.edgeOutputs = new String[edgeInputs.size()];
    }

    /** The program, as proposed (deduction/abduction) or taken from the buffers (induction). */
    public String program() {
        return program;
    }

    /** The proposer's inputs: one for deduction/abduction, all of them for induction. */
    public List<String> inputs() {
        return inputs;
    }

    /** The inputs the environment drew for the program (deduction/abduction). */
    public List<String> extraInputs() {
        return extraInputs;
    }

    /** Extra inputs whose run gave an output. */
    public int extrasRan() {
        int n = 0;
        for (String o : extraOutputs) if (o != null) n++;
        return n;
    }

    /** The canonical form, or the exact one where the executor gave none. */
    CanonicalForm form() {
        if (canonical != null) return canonical;
        List<String> all = new ArrayList<>(inputs);
        all.addAll(extraInputs);
        return CanonicalForm.exact(program, all);
    }
}
