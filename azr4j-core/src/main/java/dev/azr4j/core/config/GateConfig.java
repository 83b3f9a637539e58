package dev.azr4j.core.config;

import java.util.List;

/**
 * The {@code selfplay.gate} section: what a proposal must pass, beyond running, to be valid, and
 * which valid proposals enter the buffers (anti-collapse measures; see
 * {@code dev.azr4j.core.gate.ProposalGate}). Every rule is off by default (the original system).
 *
 * @param inputDependence  deduction/abduction: the environment runs the program on {@code extraInputs} inputs of the
 *                         proposer's input's shape; invalid ({@code constant_output}) when every input gives one output,
 *                         or ({@code input_unvaried}) when none of them ran; induction: invalid when all the proposed
 *                         inputs give one output
 * @param extraInputs      inputs drawn per deduction/abduction proposal for that check
 * @param extraTasks       also store the extra inputs that ran, with their outputs, as tasks of the same program
 * @param dedup            invalid ({@code duplicate}) when the task repeats one already in the buffers or earlier in
 *                         the step: none | exact (normalised text) | canonical (normalised AST, renamed variables)
 * @param dedupMemory      task keys remembered per task type for the duplicate rule (beyond the buffers' own drops)
 * @param excludeProbes    invalid ({@code probe_program}) when the canonical program is one of the shipped probe set's
 * @param solveBand        [low, high]: a valid proposal enters the buffer only if its MC solve rate lies inside; [0, 1] = off
 * @param environmentInputs the extra inputs drawn by the environment's input sampler (ints in [-20, 20], words over
 *                         its letters, lists of 1–5 small ints) where the proposer's input is of one of those types,
 *                         instead of variants of its shape: a one-element list's variants rarely change a membership test
 * @param literalInputs    further extra inputs built from the program's own constants and the proposer's input (a
 *                         list with the program's int appended, the word with its letter in front, the constant
 *                         itself, sorted and palindromic lists and words), at most this many; 0 = off
 * @param scoreProbePrograms a proposal rejected as {@code probe_program} earns the invalid reward (true), or is left
 *                         out of the proposer's update (false: the probe set then does not shape the policy)
 * @param edgeInputs       the constant verdict also runs the program on the ends of its input domain (ints −20, 20
 *                         and 0; a word of the program's letter six times, the word ending in it; the program's ints
 *                         alone in a list, [−9], [9]): programs that read their input only past a threshold are not
 *                         taken for constants; these inputs are not stored as tasks
 * @param extraTasksMax    with {@code extraTasks}, at most this many extra inputs of a proposal become tasks (and keys of
 *                         the duplicate rule), those built from the program's constants first; 0 = every one that ran
 */
public record GateConfig(
        boolean inputDependence,
        @Range(min = 1) int extraInputs,
        boolean extraTasks,
        Dedup dedup,
        @Range(min = 1) int dedupMemory,
        boolean excludeProbes,
        List<Double> solveBand,
        boolean environmentInputs,
        @Range(min = 0) int literalInputs,
        boolean scoreProbePrograms,
        boolean edgeInputs,
        @Range(min = 0) int extraTasksMax) {

    /** Duplicate rule. */
    public enum Dedup { NONE, EXACT, CANONICAL }

    public GateConfig {
        if (solveBand.size() != 2 || !(solveBand.get(0) >= 0 && solveBand.get(0) <= solveBand.get(1) && solveBand.get(1) <= 1)) {
            throw new ConfigException("configuration key 'selfplay.gate.solve_band' must be [low, high] with "
                    + "0 <= low <= high <= 1, got " + solveBand);
        }
        solveBand = List.copyOf(solveBand);
    }

    /** Every rule off: the original system. */
    public static GateConfig defaults() {
        return new GateConfig(false, 3, false, Dedup.NONE, 65536, false, List.of(0.0, 1.0), false, 0, true, false, 0);
    }
}
