package dev.azr4j.core.gate;

import dev.azr4j.core.config.GateConfig;
import dev.azr4j.core.curriculum.LiteralInputs;
import dev.azr4j.core.curriculum.World;

/**
 * What the proposal gate checks (see {@link ProposalGate}); every rule can be switched off on its
 * own, and {@link #off()} is the behaviour without a gate.
 *
 * @param inputDependence a proposal is invalid when every input it was run on gives one output
 * @param extraInputs     inputs the environment draws per deduction/abduction proposal for that check
 * @param extraTasks      store the extra inputs that ran, with their outputs, as tasks of the same program
 * @param dedup           what makes a proposal a duplicate of a task already seen
 * @param memory          most task keys the duplicate rule remembers per task type (least recently seen forgotten first)
 * @param excludeProbes   a proposal whose canonical program is a shipped probe's is invalid
 * @param bandLow         a valid proposal enters the buffer only if its MC solve rate is at least this ...
 * @param bandHigh        ... and at most this; [0, 1] is off
 * @param environmentInputs the extra inputs come from the environment's input sampler where the proposer's input
 *                        is one of its types (an int, a word, a list of ints), not from variants of its shape
 * @param literalInputs   at most this many further extra inputs built from the program's constants ({@link LiteralInputs}); 0 = off
 * @param scoreProbePrograms a proposal rejected as a probe's program earns the invalid reward; false: it is left out
 *                        of the proposer's update, so that the probe set does not shape the policy
 * @param edgeInputs      the constant verdict also runs the program on the ends of its input domain
 *                        ({@link LiteralInputs#edges}); they are not stored as tasks
 * @param extraTasksMax   with {@code extraTasks}, at most this many extra inputs per proposal become tasks (those
 *                        from the program's constants first); 0 = every one that ran
 * @param world           the world whose sampler draws the extra inputs and whose literals the proposer writes
 */
public record GateSettings(boolean inputDependence, int extraInputs, boolean extraTasks, Dedup dedup, int memory,
                           boolean excludeProbes, double bandLow, double bandHigh, boolean environmentInputs,
                           int literalInputs, boolean scoreProbePrograms, boolean edgeInputs, int extraTasksMax, World world) {

    /** In the narrow world. */
    public GateSettings(boolean inputDependence, int extraInputs, boolean extraTasks, Dedup dedup, int memory,
                        boolean excludeProbes, double bandLow, double bandHigh, boolean environmentInputs,
                        int literalInputs, boolean scoreProbePrograms, boolean edgeInputs, int extraTasksMax) {
        this(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs,
                scoreProbePrograms, edgeInputs, extraTasksMax, World.NARROW);
    }

    /** Probe programs scored as invalid. */
    public GateSettings(boolean inputDependence, int extraInputs, boolean extraTasks, Dedup dedup, int memory,
                        boolean excludeProbes, double bandLow, double bandHigh, boolean environmentInputs, int literalInputs) {
        this(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, true, false, 0);
    }

    /** Duplicate rule: off, on the exact text (normalised lines), or on the canonical form. */
    public enum Dedup { OFF, EXACT, CANONICAL }

    public GateSettings {
        if (dedup == null) dedup = Dedup.OFF;
        if (world == null) world = World.NARROW;
        if (extraInputs < 1) throw new IllegalArgumentException("extra inputs must be at least 1");
        if (literalInputs < 0) throw new IllegalArgumentException("literal inputs must be >= 0");
        if (extraTasksMax < 0) throw new IllegalArgumentException("extra tasks max must be >= 0");
        if (memory < 1) throw new IllegalArgumentException("dedup memory must be at least 1");
        if (!(bandLow >= 0 && bandLow <= bandHigh && bandHigh <= 1))
            throw new IllegalArgumentException("solve band must satisfy 0 <= low <= high <= 1, got [" + bandLow + ", " + bandHigh + "]");
    }

    /** No rule on: today's behaviour (the metrics are still computed). */
    public static GateSettings off() {
        return new GateSettings(false, 3, false, Dedup.OFF, 65536, false, 0.0, 1.0, false, 0);
    }

    /** Every rule on, the band off. */
    public static GateSettings all() {
        return new GateSettings(true, 3, false, Dedup.CANONICAL, 65536, true, 0.0, 1.0, false, 0);
    }

    public static GateSettings of(GateConfig c) {
        Dedup d = switch (c.dedup()) {
            case NONE -> Dedup.OFF;
            case EXACT -> Dedup.EXACT;
            case CANONICAL -> Dedup.CANONICAL;
        };
        return new GateSettings(c.inputDependence(), c.extraInputs(), c.extraTasks(), d, c.dedupMemory(), c.excludeProbes(),
                c.solveBand().get(0), c.solveBand().get(1), c.environmentInputs(), c.literalInputs(), c.scoreProbePrograms(), c.edgeInputs(), c.extraTasksMax());
    }

    public GateSettings withBand(double low, double high) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, low, high, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withEnvironmentInputs(boolean on) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, on, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withLiteralInputs(int n) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, n, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withInputDependence(boolean on) {
        return new GateSettings(on, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withExtraTasks(boolean on) {
        return new GateSettings(inputDependence, extraInputs, on, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withDedup(Dedup d) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, d, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withExcludeProbes(boolean on) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, on, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withScoreProbePrograms(boolean on) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, on, edgeInputs, extraTasksMax, world);
    }

    public GateSettings withEdgeInputs(boolean on) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, on, extraTasksMax, world);
    }

    public GateSettings withWorld(World w) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, extraTasksMax, w);
    }

    public GateSettings withExtraTasksMax(int n) {
        return new GateSettings(inputDependence, extraInputs, extraTasks, dedup, memory, excludeProbes, bandLow, bandHigh, environmentInputs, literalInputs, scoreProbePrograms, edgeInputs, n, world);
    }

    /** Whether the band keeps anything out. */
    public boolean bandActive() {
        return bandLow > 0 || bandHigh < 1;
    }
}
