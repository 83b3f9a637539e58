package dev.azr4j.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.curriculum.LiteralInputs;
import dev.azr4j.core.exec.ExecSink;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.probe.ProbeItemKeys;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The gate a proposal passes, beyond running, to be valid, and the diversity metrics of the
 * proposals and answers (anti-collapse measures). Rules, each its own switch, checked in this
 * order for a proposal that ran:
 * <ol>
 *   <li>input dependence: deduction/abduction programs are also run on inputs the environment
 *       draws in the shape of the proposer's ({@link InputVariants}), in the validation batch;
 *       {@code constant_output} when the proposer's input and every extra input that ran give one
 *       output, {@code input_unvaried} when no extra input ran (the input is not a literal, or the
 *       program fails on every variant): dependence must be shown, not assumed, or a proposer could
 *       hide a constant program behind an input the environment cannot vary; with {@code edge_inputs} the
 *       verdict also tries the ends of the input domain ({@link LiteralInputs#edges}), which are not stored. Induction:
 *       {@code constant_output} when all the proposed inputs give one output.</li>
 *   <li>probes: {@code probe_item} when the task is an item of any shipped probe set, program and input;
 *       {@code probe_program} when the canonical program is a shipped probe's, so probes
 *       never enter the buffers.</li>
 *   <li>duplicates: {@code duplicate} when the task's key was let into the buffers before (a
 *       bounded memory that outlives the buffers' own drops) or came earlier in the same step. The
 *       key of a deduction/abduction task is its (program, input): a program with a new input is
 *       a new task, which is what the solver must learn to read. The rate of programs already
 *       seen (with any input) is reported as {@code propose/T/duplicate_program}, so a proposer
 *       that varies only its input shows. The key of an induction task is its program with the
 *       set of its inputs (the program comes from the buffers; the inputs are the proposer's).</li>
 * </ol>
 * The solve band keeps valid proposals whose MC solve rate lies outside it out of the buffers (they
 * keep their reward). Canonical forms ({@link CanonicalForm}) are computed for every proposal that
 * parsed, whatever the switches, for the metrics; the rules' keys follow {@code dedup}.
 */
public final class ProposalGate implements Checkpointed {
    /** Reasons a proposal is invalid, counted as {@code propose/T/invalid/<reason>}. */
    public static final String CONSTANT_OUTPUT = "constant_output";
    public static final String INPUT_UNVARIED = "input_unvaried";
    public static final String PROBE_PROGRAM = "probe_program";
    /** A proposal that is an item of a shipped probe set: its program (names aside) with the item's input ({@link ProbeItemKeys}). */
    public static final String PROBE_ITEM = "probe_item";
    private static final ProbeItemKeys PROBE_ITEMS = ProbeItemKeys.shipped();
    public static final String DUPLICATE = "duplicate";

    /** Diversity windows: the last this many proposals (or answers) of a task type. */
    public static final int WINDOW = 100;

    private static final long SALT = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;

    private final GateSettings s;
    private final Supplier<List<String>> probePrograms;
    private final GateMemory memory;
    private final Set<String> probeKeys = new HashSet<>();
    private boolean started;
    private SplittableRandom rng = new SplittableRandom(0);

    /** A gate against the shipped probe set. */
    public ProposalGate(GateSettings settings) {
        this(settings, () -> ProbeFiles.builtin().stream().map(ProbeItem::code).distinct().toList());
    }

    /** @param probePrograms the programs no proposal may repeat (read only when {@code exclude_probes} is on) */
    public ProposalGate(GateSettings settings, Supplier<List<String>> probePrograms) {
        this.s = settings == null ? GateSettings.off() : settings;
        this.probePrograms = probePrograms;
        this.memory = new GateMemory(this.s.memory());
    }

    public GateSettings settings() {
        return s;
    }

    /**
     * What the gate remembers across steps ({@link GateMemory}) and whether it has learned the
     * buffers and the probes: a resumed run restores it instead of learning the buffers again, which
     * would forget what the buffers dropped.
     */
    @Override
    public JsonNode saveState() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("started", started);
        ArrayNode probes = o.putArray("probe_keys");
        probeKeys.stream().sorted().forEach(probes::add);
        o.set("types", memory.saveState());
        return o;
    }

    @Override
    public void restoreState(JsonNode state) {
        boolean wasStarted = Checkpointed.field(state, "started").asBoolean();
        Set<String> probes = new HashSet<>();
        for (JsonNode k : Checkpointed.field(state, "probe_keys")) probes.add(k.asText());
        memory.restoreState(Checkpointed.field(state, "types"));
        started = wasStarted;
        probeKeys.clear();
        probeKeys.addAll(probes);
    }

    /**
     * Starts a step: the random stream of the extra inputs comes from {@code seed}; on the first
     * step, the duplicate rule learns the tasks the buffers already hold (seeds, or a resumed run's
     * buffers) and the probe rule the probe programs, by requests put into {@code sink}.
     */
    public void beginStep(long seed, TaskBuffers buffers, ExecSink sink) {
        rng = new SplittableRandom(seed ^ SALT);
        memory.beginStep();
        if (started) return;
        started = true;
        if (s.excludeProbes()) {
            for (String program : probePrograms.get()) {
                probeKeys.add(CanonicalForm.exact(program, List.of()).program());
                sink.add(CanonicalForm.request(program, List.of()),
                        r -> CanonicalForm.of(r, 0).ifPresent(c -> probeKeys.add(c.program())));
            }
        }
        if (s.dedup() == GateSettings.Dedup.OFF) return;
        for (TaskType t : TaskType.values()) {
            if (t == TaskType.INDUCTION) {
                for (TaskBuffer.Entry<InductionProblem> e : buffers.induction().entries()) remember(t, e.task().program(), e.task().inputs(), sink);
            } else {
                for (TaskBuffer.Entry<Triplet> e : buffers.triplets(t).entries()) remember(t, e.task().program(), List.of(e.task().input()), sink);
            }
        }
    }

    private void remember(TaskType t, String program, List<String> inputs, ExecSink sink) {
        GateCheck c = new GateCheck(t, program, inputs, List.of());
        if (s.dedup() == GateSettings.Dedup.EXACT) {
            stored(c);
            return;
        }
        sink.add(CanonicalForm.request(program, inputs), r -> {
            c.canonical = CanonicalForm.of(r, inputs.size()).orElse(null);
            stored(c);
        });
    }

    /**
     * A deduction/abduction proposal's program and input: queues the canonical form and, where the
     * input-dependence rule or extra tasks need them, the runs on extra inputs.
     */
    public GateCheck program(TaskType t, String program, String input, ExecSink sink) {
        SplittableRandom own = rng.split();
        ExtraInputs.Drawn x = s.inputDependence() || s.extraTasks() ? ExtraInputs.of(program, input, s, own) : ExtraInputs.Drawn.NONE;
        GateCheck c = new GateCheck(t, program, List.of(input), x.all(), x.drawn(), ExtraInputs.edges(program, input, x.all(), s));
        runEach(program, c.extraInputs, c.extraOutputs, sink);
        runEach(program, c.edgeInputs, c.edgeOutputs, sink);
        queueCanonical(c, sink);
        return c;
    }

    /** Queues a run of {@code program} on each input; {@code outputs[i]} gets input i's output where it ran. */
    private static void runEach(String program, List<String> inputs, String[] outputs, ExecSink sink) {
        for (int i = 0; i < inputs.size(); i++) {
            int k = i;
            sink.add(new ExecRequest.Validate(program, inputs.get(i)), r -> {
                if (r.ok() && r.output() != null) outputs[k] = r.output();
            });
        }
    }

    /** An induction proposal's program (from the buffers) and inputs: queues the canonical form. */
    public GateCheck inputs(TaskType t, String program, List<String> inputs, ExecSink sink) {
        GateCheck c = new GateCheck(t, program, inputs, List.of());
        queueCanonical(c, sink);
        return c;
    }

    private static void queueCanonical(GateCheck c, ExecSink sink) {
        List<String> all = new ArrayList<>(c.inputs);
        all.addAll(c.extraInputs);
        sink.add(CanonicalForm.request(c.program, all), r -> c.canonical = CanonicalForm.of(r, all.size()).orElse(null));
    }

    /**
     * Judges a proposal once its requests have run: the reason it is invalid, or null. Call it for
     * every proposal with a check, in step order; {@code task} is the validated task, or null when
     * the proposal did not run (then only the metrics learn from it).
     */
    public String judge(GateCheck c, Task task) {
        GateMemory.PerType p = memory.of(c.type);
        String program = programKey(c);
        c.duplicateProgram = p.programs.contains(program) || !p.stepPrograms.add(program);
        if (task == null) return null;
        if (s.inputDependence()) {
            String reason = dependence(c, task);
            if (reason != null) return reason;
        }
        if (s.excludeProbes() && (probeKeys.contains(c.form().program()) || probeKeys.contains(CanonicalForm.exact(c.program, List.of()).program())))
            return PROBE_PROGRAM;
        if (s.excludeProbes() && isProbeItem(task)) return PROBE_ITEM;
        if (s.dedup() != GateSettings.Dedup.OFF) {
            String key = taskKey(c, 0);
            boolean earlierThisStep = !p.stepTasks.add(key);
            if (earlierThisStep || p.tasks.contains(key)) return DUPLICATE;
        }
        return null;
    }

    private static boolean isProbeItem(Task task) {
        return switch (task) {
            case Triplet tr -> PROBE_ITEMS.isProbeItem(tr.program(), tr.input(), tr.output());
            case InductionProblem ip -> PROBE_ITEMS.holdsProbeItem(ip.program(), ip.inputs());
        };
    }

    private static String dependence(GateCheck c, Task task) {
        if (task instanceof InductionProblem ip) {
            return ip.outputs().stream().distinct().count() <= 1 ? CONSTANT_OUTPUT : null;
        }
        Triplet tr = (Triplet) task;
        if (c.extrasRan() == 0) return INPUT_UNVARIED;
        for (String o : c.extraOutputs) if (o != null && !o.equals(tr.output())) return null;
        for (String o : c.edgeOutputs) {
            if (o != null && !o.equals(tr.output())) {
                c.variesOnlyAtEdges = true;
                return null;
            }
        }
        return CONSTANT_OUTPUT;
    }

    /**
     * An extra input of a deduction/abduction proposal that ran and whose task no stored task (nor
     * one earlier in this step) repeats: the input a duplicate proposal could have had.
     */
    public java.util.Optional<String> freshExtraInput(GateCheck c) {
        GateMemory.PerType p = memory.of(c.type);
        for (int i = 0; i < c.extraInputs.size(); i++) {
            if (c.extraOutputs[i] == null) continue;
            String key = taskKey(c, 1 + i);
            if (!p.tasks.contains(key) && !p.stepTasks.contains(key)) return java.util.Optional.of(c.extraInputs.get(i));
        }
        return java.util.Optional.empty();
    }

    /** Whether a valid proposal with this MC estimate enters the buffer; unmeasured ones do not while the band is on. */
    public boolean inBand(int rollouts, double solveRate) {
        if (!s.bandActive()) return true;
        return rollouts > 0 && solveRate >= s.bandLow() && solveRate <= s.bandHigh();
    }

    /** The tasks of the extra inputs that become tasks (when {@code extra_tasks} is on), each with its output. */
    public List<Triplet> extraTasks(GateCheck c, Triplet task) {
        if (!s.extraTasks() || c == null) return List.of();
        List<Triplet> out = new ArrayList<>();
        for (int i : storedExtras(c)) out.add(new Triplet(task.program(), c.extraInputs.get(i), c.extraOutputs[i], task.imports()));
        return out;
    }

    /**
     * The indices of the extra inputs that ran and become tasks: all of them, or with
     * {@code extra_tasks_max} at most that many, those built from the program's constants (the
     * last ones of the list) first, then the drawn ones in order.
     */
    private List<Integer> storedExtras(GateCheck c) {
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < c.extraInputs.size(); i++) if (c.extraOutputs[i] != null) ran.add(i);
        int max = s.extraTasksMax();
        if (max == 0 || ran.size() <= max) return ran;
        List<Integer> out = new ArrayList<>();
        for (int i : ran) if (i >= c.drawnExtras) out.add(i);
        for (int i : ran) if (i < c.drawnExtras) out.add(i);
        return out.subList(0, max);
    }

    /** Records that the proposal (and its extra tasks, where stored) entered the buffer. */
    public void stored(GateCheck c) {
        GateMemory.PerType p = memory.of(c.type);
        p.programs.add(programKey(c));
        if (s.dedup() == GateSettings.Dedup.OFF) return;
        p.tasks.add(taskKey(c, 0));
        if (s.extraTasks()) for (int i : storedExtras(c)) p.tasks.add(taskKey(c, 1 + i));
    }

    /** The canonical program (exact where the executor gave none): the diversity and probe key. */
    private static String programKey(GateCheck c) {
        return c.form().program();
    }

    /**
     * The duplicate key of the proposal's own task ({@code which} 0), or of its extra task
     * {@code which - 1}: the program and the input, or for induction the program and its inputs as a set.
     */
    private String taskKey(GateCheck c, int which) {
        CanonicalForm f = s.dedup() == GateSettings.Dedup.CANONICAL ? c.form() : CanonicalForm.exact(c.program, allInputs(c));
        if (c.type == TaskType.INDUCTION) {
            List<String> inputs = new ArrayList<>(f.inputs().subList(0, c.inputs.size()));
            inputs.sort(null);
            return f.program() + '\u0000' + String.join("\u0001", inputs);
        }
        return f.program() + '\u0000' + f.inputs().get(which);
    }

    private static List<String> allInputs(GateCheck c) {
        List<String> all = new ArrayList<>(c.inputs);
        all.addAll(c.extraInputs);
        return all;
    }

    /**
     * Feeds one step's proposals (their checks; null for those that did not parse) and solver
     * answers (solve batch and MC rollouts) of task type {@code t} into the windows, and writes the
     * diversity metrics: {@code propose/T/distinct_programs}, {@code propose/T/distinct_inputs} and
     * {@code solve/T/distinct_answers} per {@value #WINDOW}, {@code propose/T/duplicate_program}
     * (deduction/abduction), {@code propose/T/extra_inputs_ran} (with input dependence on) and
 * {@code propose/T/varies_only_at_edges} (with edge inputs: the share that only an edge input showed non-constant).
     */
    public void diversity(Map<String, Object> m, TaskType t, List<GateCheck> checks, List<String> answers) {
        memory.diversity(m, t, checks, answers, s.inputDependence(), s.inputDependence() && s.edgeInputs());
    }
}
