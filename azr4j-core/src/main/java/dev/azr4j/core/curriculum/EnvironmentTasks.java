package dev.azr4j.core.curriculum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.probe.ProbeItemKeys;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The zero-data curriculum (issue 10): tasks the environment makes itself, mixed into the solver's
 * batches. Programs come from {@link ProgramGenerator} (never a program of the shipped probe set),
 * inputs from its input sampler, outputs from the executor; an induction task shows half of its
 * pairs and the generator's plain-words description as its message. No human-written task anywhere.
 *
 * <p>How much of a solve batch the environment supplies follows the proposer: {@code share} starts
 * at 1 and falls towards {@code minShare} as the task type's proposals become learnable (an
 * exponential average of the fraction of proposals that are valid with a solve rate strictly
 * between 0 and 1), so the proposer's share grows as its tasks become worth solving, and simple
 * cases always stay in the mix. The average is saved in checkpoints ({@link #saveState}).
 *
 * <p>With canonical inputs, an abduction task's input is a fair imitation target: only programs
 * that tell {@value #DISTINCT_INPUTS} distinct inputs apart are used (a many-to-one program such as
 * {@code len(a)} has no one right input to imitate, as the probes' input items have none), and the
 * output itself becomes the input wherever the program maps it to itself ({@code sorted(a)} on a
 * sorted list), or the output as a one-element list where that is what the program maps to it
 * ({@code min(a)}): of the inputs the executor accepts, the simplest one.
 */
public final class EnvironmentTasks implements Checkpointed {
    private static final double DECAY = 0.9;
    /** Distinct inputs an abduction program must map to distinct outputs, with canonical inputs. */
    static final int DISTINCT_INPUTS = 4;
    /** Every item of every shipped probe set: never drawn, whatever the world (issue 23). */
    private static final ProbeItemKeys PROBE_ITEMS = ProbeItemKeys.shipped();

    private final World world;
    private final double loopPrograms;
    private final double narrowShare;
    private final ProgramGenerator generator, narrowGenerator;
    private final int inductionInputs;
    private final double minShare;
    private final boolean canonicalInputs;
    private final int proposalLiteralInputs;
    private final Set<String> excluded = new HashSet<>();
    private final Map<TaskType, Double> learnable = new EnumMap<>(TaskType.class);

    /**
     * @param maxOps          longest chain of operations of a program
     * @param inductionInputs pairs of an induction task (half shown)
     * @param minShare        smallest share of a solve batch the environment keeps supplying
     * @param canonicalInputs abduction tasks only from programs that tell their inputs apart, with the
     *                        output as the input where the program maps it to itself
     */
    public EnvironmentTasks(int maxOps, int inductionInputs, double minShare, boolean canonicalInputs) {
        this(maxOps, inductionInputs, minShare, canonicalInputs, 0);
    }

    /**
     * @param proposalLiteralInputs how many of an induction proposal's inputs, imitated from the environment, are built
     *                              from the program's constants ({@link LiteralInputs}): a membership or count test
     *                              shows more than one output only on inputs that hold its constant
     */
    public EnvironmentTasks(int maxOps, int inductionInputs, double minShare, boolean canonicalInputs, int proposalLiteralInputs) {
        this(World.NARROW, maxOps, inductionInputs, minShare, canonicalInputs, proposalLiteralInputs, 0, 0);
    }

    /**
     * @param world        the surface of the programs and values; in a world other than the narrow one a
     *                     deduction or abduction solve task's argument gets a name of its type half of the
     *                     time ({@link World#argumentName}), and tasks a solver could not write are left out
     * @param loopPrograms the share of deduction and abduction solve tasks that are multi-line functions
     *                     ({@link LoopPrograms}); 0 draws nothing for it
     * @param narrowShare  the share of one-line programs drawn from the narrow world, with its values
     *                     and the argument {@code a} (a mixture of the two worlds); 0 draws nothing for it
     */
    public EnvironmentTasks(World world, int maxOps, int inductionInputs, double minShare, boolean canonicalInputs, int proposalLiteralInputs,
                            double loopPrograms, double narrowShare) {
        this.world = world;
        this.loopPrograms = loopPrograms;
        this.narrowShare = narrowShare;
        this.narrowGenerator = new ProgramGenerator(World.NARROW, maxOps);
        this.generator = new ProgramGenerator(world, maxOps);
        this.inductionInputs = inductionInputs;
        this.minShare = minShare;
        this.canonicalInputs = canonicalInputs;
        this.proposalLiteralInputs = proposalLiteralInputs;
        for (ProbeItem p : ProbeFiles.builtin()) excluded.add(p.code().strip());
    }

    /** Whether {@code program} is a program of the shipped probe set (never used for training). */
    public boolean isProbeProgram(String program) {
        return excluded.contains(program.strip());
    }

    /** How many of a solve batch of {@code batch} tasks of type {@code t} the environment supplies now. */
    public int count(TaskType t, int batch) {
        return (int) Math.round(batch * share(t));
    }

    /** The environment's share of type {@code t}'s solve batches, in [minShare, 1]. */
    public double share(TaskType t) {
        return Math.max(minShare, 1.0 - learnable.getOrDefault(t, 0.0));
    }

    /** The learnable-fraction average of each task type observed so far. */
    @Override
    public JsonNode saveState() {
        var o = JsonNodeFactory.instance.objectNode();
        var averages = o.putObject("learnable");
        learnable.forEach((t, v) -> averages.put(t.id(), v));
        return o;
    }

    @Override
    public void restoreState(JsonNode state) {
        Map<TaskType, Double> restored = new EnumMap<>(TaskType.class);
        var averages = Checkpointed.field(state, "learnable");
        for (TaskType t : TaskType.values()) {
            var v = averages.get(t.id());
            if (v == null) continue;
            if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1))
                throw new IllegalArgumentException("\"learnable\".\"" + t.id() + "\" must be a number in [0, 1], got " + v);
            restored.put(t, v.asDouble());
        }
        learnable.clear();
        learnable.putAll(restored);
    }

    /** Records the fraction of this step's proposals of type {@code t} that were valid and learnable. */
    public void observe(TaskType t, double learnableFraction) {
        learnable.merge(t, learnableFraction, (old, now) -> DECAY * old + (1 - DECAY) * now);
    }

    /**
     * {@code n} tasks of type {@code t} ({@link Triplet}s, or {@link InductionProblem}s for induction),
     * each checked by the executor; programs that fail on their input are replaced by new draws
     * (a few rounds at most, so fewer may come back when nearly everything fails).
     */
    public List<Task> draw(TaskType t, int n, SplittableRandom rng, Executor executor) {
        boolean distinct = canonicalInputs && t == TaskType.ABDUCTION;
        List<Task> out = draw(t, n, distinct, 0, true, rng, executor);
        return distinct ? withSimplestInputs(out, executor) : out;
    }

    /**
     * Up to {@code n} tasks as a proposer of type {@code t} would write them, for imitating the
     * environment's tasks as proposals (never a constant, never a probe program): for deduction
     * and abduction {@link Triplet}s of programs that tell {@value #DISTINCT_INPUTS} distinct inputs
     * apart, for induction {@link InductionProblem}s whose inputs give more than one output.
     */
    public List<Task> drawProposals(TaskType t, int n, SplittableRandom rng, Executor executor) {
        if (t != TaskType.INDUCTION) return draw(TaskType.DEDUCTION, n, true, 0, false, rng, executor);
        List<Task> out = new ArrayList<>(n);
        for (Task o : draw(t, n, false, proposalLiteralInputs, false, rng, executor)) {
            if (new HashSet<>(((InductionProblem) o).outputs()).size() > 1) out.add(o);
        }
        return out;
    }

    /** {@code named}: a deduction or abduction program's argument may get another name than {@code a} (solve tasks only). */
    private List<Task> draw(TaskType t, int n, boolean distinct, int literal, boolean named, SplittableRandom rng, Executor executor) {
        List<Task> out = new ArrayList<>(n);
        for (int round = 0; round < 4 && out.size() < n; round++) {
            int want = n - out.size();
            List<ProgramGenerator.Program> programs = new ArrayList<>();
            List<World> worlds = new ArrayList<>();
            List<List<String>> inputs = new ArrayList<>();
            List<ExecRequest> requests = new ArrayList<>();
            // about two thirds of the programs are many-to-one on 4 inputs: draw more of them when those are left out
            int candidates = distinct ? 4 * want + 2 : want + want / 2 + 1;
            for (int i = 0; i < candidates; i++) {
                boolean loop = named && t != TaskType.INDUCTION && loopPrograms > 0 && rng.nextDouble() < loopPrograms;
                boolean narrow = !loop && narrowShare > 0 && rng.nextDouble() < narrowShare;
                World w = narrow ? World.NARROW : world;
                ProgramGenerator.Program p = loop ? LoopPrograms.program(rng) : narrow ? narrowGenerator.program(rng) : generator.program(rng);
                if (isProbeProgram(p.source())) continue;
                int k = t == TaskType.INDUCTION ? inductionInputs : distinct ? DISTINCT_INPUTS : 1;
                List<String> in = distinct ? w.distinctInputs(p.inputType(), k, null, rng) : new ArrayList<>(k);
                if (in.size() < k && distinct) continue;
                while (in.size() < k) in.add(w.input(p.inputType(), rng));
                if (literal > 0) withLiteralInputs(p, in, literal);
                programs.add(p);
                worlds.add(w);
                inputs.add(in);
                for (String x : in) requests.add(new ExecRequest.Validate(p.source(), x));
            }
            List<ExecResult> results = executor.execute(requests);
            int r = 0;
            for (int i = 0; i < programs.size(); i++) {
                List<String> in = inputs.get(i);
                List<String> outs = new ArrayList<>(in.size());
                boolean ok = true;
                for (int j = 0; j < in.size(); j++) {
                    ExecResult res = results.get(r++);
                    if (res.ok() && res.output() != null && world.writable(res.output()) && world.writable(in.get(j))) outs.add(res.output());
                    else ok = false;
                }
                if (!ok || out.size() >= n) continue;
                if (distinct && new HashSet<>(outs).size() < outs.size()) continue;
                ProgramGenerator.Program p = programs.get(i);
                if (t == TaskType.INDUCTION ? PROBE_ITEMS.holdsProbeItem(p.source(), in) : PROBE_ITEMS.isProbeItem(p.source(), in.getFirst(), outs.getFirst()))
                    continue;
                // a loop program names its argument itself
                String source = named && t != TaskType.INDUCTION && p.openExpression() != null
                        ? p.source(worlds.get(i).argumentName(p.inputType(), rng)) : p.source();
                out.add(t == TaskType.INDUCTION
                        ? new InductionProblem(p.source(), in, outs, p.description(), List.of())
                        : new Triplet(source, in.getFirst(), outs.getFirst(), List.of()));
            }
        }
        return out;
    }

    /** Puts up to {@code literal} inputs built from the program's constants at the odd places (shown and hidden alike). */
    private static void withLiteralInputs(ProgramGenerator.Program p, List<String> in, int literal) {
        List<String> built = new ArrayList<>(LiteralInputs.of(p.source(), in.getFirst(), p.inputType(), in.size()));
        built.removeAll(in);
        for (int i = 0; i < Math.min(literal, built.size()) && 1 + 2 * i < in.size(); i++) in.set(1 + 2 * i, built.get(i));
    }

    /**
     * Each abduction task gets the simplest input the executor accepts among the output itself (a
     * fixed point: {@code sorted(a)} on a sorted list) and the output as a one-element list (what
     * {@code a[0]}, {@code min(a)}, {@code sum(a)} map to it), when the drawn input is neither and
     * the candidate is of the argument's type: the imitated input is then the one a reader of the
     * program would give rather than one random preimage among many.
     */
    private List<Task> withSimplestInputs(List<Task> tasks, Executor executor) {
        List<ExecRequest> requests = new ArrayList<>();
        List<int[]> asked = new ArrayList<>();   // (task, candidate) of each request
        List<List<String>> candidates = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Triplet tr = (Triplet) tasks.get(i);
            List<String> c = simplerInputs(tr, world);
            candidates.add(c);
            for (int j = 0; j < c.size(); j++) {
                requests.add(new ExecRequest.Validate(tr.program(), c.get(j)));
                asked.add(new int[] {i, j});
            }
        }
        List<ExecResult> results = executor.execute(requests);
        int[] best = new int[tasks.size()];
        java.util.Arrays.fill(best, Integer.MAX_VALUE);
        for (int r = 0; r < results.size(); r++) {
            int i = asked.get(r)[0], j = asked.get(r)[1];
            ExecResult res = results.get(r);
            if (res.ok() && ((Triplet) tasks.get(i)).output().equals(res.output())) best[i] = Math.min(best[i], j);
        }
        List<Task> out = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Triplet tr = (Triplet) tasks.get(i);
            out.add(best[i] == Integer.MAX_VALUE ? tr
                    : new Triplet(tr.program(), candidates.get(i).get(best[i]), tr.output(), tr.imports()));
        }
        return out;
    }

    /** The simple inputs to try for an abduction task, simplest first: of the argument's type, not the drawn input. */
    static List<String> simplerInputs(Triplet tr) {
        return simplerInputs(tr, World.NARROW);
    }

    static List<String> simplerInputs(Triplet tr, World world) {
        var type = world.typeOf(tr.input());
        if (type.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(2);
        // str(a) maps '-3' to itself, but its argument is an int: candidates keep the argument's type
        if (world.typeOf(tr.output()).equals(type)) out.add(tr.output());
        if (type.get() == ProgramGenerator.Type.LIST && world.typeOf(tr.output()).orElse(null) == ProgramGenerator.Type.INT) {
            out.add("[" + tr.output().strip() + "]");
        }
        out.removeIf(x -> x.equals(tr.input()));
        return out;
    }
}
