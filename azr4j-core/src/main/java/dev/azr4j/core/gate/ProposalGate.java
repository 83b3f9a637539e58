package dev.azr4j.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.curriculum.LiteralInputs;
import dev.azr4j.core.curriculum.ProgramGenerator;
import dev.azr4j.core.exec.ExecSink;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
 *   <li>probes: {@code probe_program} when the canonical program is a shipped probe's, so probes
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
    public static final String DUPLICATE = "duplicate";

    /** Diversity windows: the last this many proposals (or answers) of a task type. */
    public static final int WINDOW = 100;

    private static final long SALT = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;

    /** What the gate learned about one proposal whose program parsed. */
    public static final class Check {
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

        Check(TaskType type, String program, List<String> inputs, List<String> extraInputs) {
            this(type, program, inputs, extraInputs, extraInputs.size(), List.of());
        }

        Check(TaskType type, String program, List<String> inputs, List<String> extraInputs, int drawnExtras, List<String> edgeInputs) {
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

    /** Per task type: what was let into the buffers, and the diversity windows. */
    private static final class PerType {
        final RecentKeys tasks;
        final RecentKeys programs;
        final Set<String> stepTasks = new HashSet<>();
        final Set<String> stepPrograms = new HashSet<>();
        final DiversityWindow programWindow = new DiversityWindow(WINDOW);
        final DiversityWindow inputWindow = new DiversityWindow(WINDOW);
        final DiversityWindow answerWindow = new DiversityWindow(WINDOW);

        PerType(int memory) {
            tasks = new RecentKeys(memory);
            programs = new RecentKeys(memory);
        }
    }

    private final GateSettings s;
    private final Supplier<List<String>> probePrograms;
    private final Map<TaskType, PerType> types = new EnumMap<>(TaskType.class);
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
        for (TaskType t : TaskType.values()) types.put(t, new PerType(this.s.memory()));
    }

    public GateSettings settings() {
        return s;
    }

    /**
     * What the gate remembers across steps: the tasks and programs it let into the buffers (in their
     * recency order), the probe programs' keys and the diversity windows. A resumed run restores it
     * instead of learning the buffers again, which would forget what the buffers dropped.
     */
    @Override
    public JsonNode saveState() {
        var json = JsonNodeFactory.instance;
        var o = json.objectNode().put("started", started);
        var probes = o.putArray("probe_keys");
        probeKeys.stream().sorted().forEach(probes::add);
        var byType = o.putObject("types");
        types.forEach((t, p) -> {
            var x = byType.putObject(t.id());
            p.tasks.inOrder().forEach(x.putArray("tasks")::add);
            p.programs.inOrder().forEach(x.putArray("programs")::add);
            p.programWindow.keys().forEach(x.putArray("program_window")::add);
            p.inputWindow.keys().forEach(x.putArray("input_window")::add);
            p.answerWindow.keys().forEach(x.putArray("answer_window")::add);
        });
        return o;
    }

    @Override
    public void restoreState(JsonNode state) {
        boolean wasStarted = Checkpointed.field(state, "started").asBoolean();
        Set<String> probes = new HashSet<>();
        for (var k : Checkpointed.field(state, "probe_keys")) probes.add(k.asText());
        Map<TaskType, PerType> restored = new EnumMap<>(TaskType.class);
        var byType = Checkpointed.field(state, "types");
        for (TaskType t : TaskType.values()) {
            PerType p = new PerType(s.memory());
            var x = byType.get(t.id());
            if (x != null) {
                for (var k : x.path("tasks")) p.tasks.add(k.asText());
                for (var k : x.path("programs")) p.programs.add(k.asText());
                for (var k : x.path("program_window")) p.programWindow.add(k.asText());
                for (var k : x.path("input_window")) p.inputWindow.add(k.asText());
                for (var k : x.path("answer_window")) p.answerWindow.add(k.asText());
            }
            restored.put(t, p);
        }
        started = wasStarted;
        probeKeys.clear();
        probeKeys.addAll(probes);
        types.putAll(restored);
    }

    /**
     * Starts a step: the random stream of the extra inputs comes from {@code seed}; on the first
     * step, the duplicate rule learns the tasks the buffers already hold (seeds, or a resumed run's
     * buffers) and the probe rule the probe programs, by requests put into {@code sink}.
     */
    public void beginStep(long seed, TaskBuffers buffers, ExecSink sink) {
        rng = new SplittableRandom(seed ^ SALT);
        for (PerType p : types.values()) {
            p.stepTasks.clear();
            p.stepPrograms.clear();
        }
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
        Check c = new Check(t, program, inputs, List.of());
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
    public Check program(TaskType t, String program, String input, ExecSink sink) {
        SplittableRandom own = rng.split();
        Extras x = s.inputDependence() || s.extraTasks() ? extraInputs(program, input, own) : new Extras(List.of(), 0);
        Check c = new Check(t, program, List.of(input), x.all(), x.drawn(), edgeInputs(program, input, x.all()));
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

    /** A proposal's extra inputs: the {@code drawn} first, then those built from the program's constants. */
    private record Extras(List<String> all, int drawn) {}

    /**
     * The inputs a program is also run on: the environment's own draws where the input is of its
     * types, else variants; then those built from the program's constants, with literal inputs on.
     */
    private Extras extraInputs(String program, String input, SplittableRandom rng) {
        var type = ProgramGenerator.typeOf(input);
        List<String> drawn = s.environmentInputs() && type.isPresent()
                ? ProgramGenerator.distinctInputs(type.get(), s.extraInputs(), input, rng)
                : InputVariants.of(input, s.extraInputs(), rng);
        if (s.literalInputs() == 0 || type.isEmpty()) return new Extras(drawn, drawn.size());
        LinkedHashSet<String> all = new LinkedHashSet<>(drawn);
        all.addAll(LiteralInputs.of(program, input, type.get(), s.literalInputs()));
        return new Extras(List.copyOf(all), drawn.size());
    }

    /** The domain's ends the constant verdict also tries ({@code edge_inputs}), less those already among the extras. */
    private List<String> edgeInputs(String program, String input, List<String> extras) {
        if (!s.edgeInputs() || !s.inputDependence()) return List.of();
        var type = ProgramGenerator.typeOf(input);
        if (type.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(LiteralInputs.edges(program, input, type.get()));
        out.removeAll(extras);
        return out;
    }

    /** An induction proposal's program (from the buffers) and inputs: queues the canonical form. */
    public Check inputs(TaskType t, String program, List<String> inputs, ExecSink sink) {
        Check c = new Check(t, program, inputs, List.of());
        queueCanonical(c, sink);
        return c;
    }

    private static void queueCanonical(Check c, ExecSink sink) {
        List<String> all = new ArrayList<>(c.inputs);
        all.addAll(c.extraInputs);
        sink.add(CanonicalForm.request(c.program, all), r -> c.canonical = CanonicalForm.of(r, all.size()).orElse(null));
    }

    /**
     * Judges a proposal once its requests have run: the reason it is invalid, or null. Call it for
     * every proposal with a check, in step order; {@code task} is the validated task, or null when
     * the proposal did not run (then only the metrics learn from it).
     */
    public String judge(Check c, Task task) {
        PerType p = types.get(c.type);
        String program = programKey(c);
        c.duplicateProgram = p.programs.contains(program) || !p.stepPrograms.add(program);
        if (task == null) return null;
        if (s.inputDependence()) {
            String reason = dependence(c, task);
            if (reason != null) return reason;
        }
        if (s.excludeProbes() && (probeKeys.contains(c.form().program()) || probeKeys.contains(CanonicalForm.exact(c.program, List.of()).program())))
            return PROBE_PROGRAM;
        if (s.dedup() != GateSettings.Dedup.OFF) {
            String key = taskKey(c, 0);
            boolean earlierThisStep = !p.stepTasks.add(key);
            if (earlierThisStep || p.tasks.contains(key)) return DUPLICATE;
        }
        return null;
    }

    private static String dependence(Check c, Task task) {
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
    public java.util.Optional<String> freshExtraInput(Check c) {
        PerType p = types.get(c.type);
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
    public List<Triplet> extraTasks(Check c, Triplet task) {
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
    private List<Integer> storedExtras(Check c) {
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
    public void stored(Check c) {
        PerType p = types.get(c.type);
        p.programs.add(programKey(c));
        if (s.dedup() == GateSettings.Dedup.OFF) return;
        p.tasks.add(taskKey(c, 0));
        if (s.extraTasks()) for (int i : storedExtras(c)) p.tasks.add(taskKey(c, 1 + i));
    }

    /** The canonical program (exact where the executor gave none): the diversity and probe key. */
    private static String programKey(Check c) {
        return c.form().program();
    }

    /**
     * The duplicate key of the proposal's own task ({@code which} 0), or of its extra task
     * {@code which - 1}: the program and the input, or for induction the program and its inputs as a set.
     */
    private String taskKey(Check c, int which) {
        CanonicalForm f = s.dedup() == GateSettings.Dedup.CANONICAL ? c.form() : CanonicalForm.exact(c.program, allInputs(c));
        if (c.type == TaskType.INDUCTION) {
            List<String> inputs = new ArrayList<>(f.inputs().subList(0, c.inputs.size()));
            inputs.sort(null);
            return f.program() + '\u0000' + String.join("\u0001", inputs);
        }
        return f.program() + '\u0000' + f.inputs().get(which);
    }

    private static List<String> allInputs(Check c) {
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
    public void diversity(Map<String, Object> m, TaskType t, List<Check> checks, List<String> answers) {
        PerType p = types.get(t);
        String T = t.id();
        int n = 0, duplicates = 0, withExtras = 0, atEdges = 0;
        double ran = 0;
        for (Check c : checks) {
            if (c == null) continue;
            n++;
            if (c.duplicateProgram) duplicates++;
            if (c.variesOnlyAtEdges) atEdges++;
            CanonicalForm f = c.form();
            p.programWindow.add(f.program());
            if (t == TaskType.INDUCTION) {
                List<String> inputs = new ArrayList<>(f.inputs().subList(0, c.inputs.size()));
                inputs.sort(null);
                p.inputWindow.add(String.join("\u0001", inputs));
            } else {
                p.inputWindow.add(f.inputs().getFirst());
                if (!c.extraInputs.isEmpty() || s.inputDependence()) {
                    withExtras++;
                    ran += c.extraInputs.isEmpty() ? 0 : c.extrasRan() / (double) c.extraInputs.size();
                }
            }
        }
        for (String a : answers) if (a != null && !a.isBlank()) p.answerWindow.add(a.strip());
        m.put("propose/" + T + "/distinct_programs", p.programWindow.distinctPerWindow());
        m.put("propose/" + T + "/distinct_inputs", p.inputWindow.distinctPerWindow());
        m.put("solve/" + T + "/distinct_answers", p.answerWindow.distinctPerWindow());
        if (t != TaskType.INDUCTION) {
            m.put("propose/" + T + "/duplicate_program", n == 0 ? null : duplicates / (double) n);
            if (s.inputDependence()) m.put("propose/" + T + "/extra_inputs_ran", withExtras == 0 ? null : ran / withExtras);
            if (s.inputDependence() && s.edgeInputs()) m.put("propose/" + T + "/varies_only_at_edges", n == 0 ? null : atEdges / (double) n);
        }
    }
}
