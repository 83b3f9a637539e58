package dev.azr4j.core.probe;

import dev.azr4j.core.curriculum.ProgramGenerator;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds azr4j's fixed, <em>balanced</em> probe sets: output prediction, input prediction and program
 * synthesis items from {@link ProgramGenerator} programs (a seed of their own), every output computed
 * by the executor, every program's output depending on its input, no program twice, and no constant
 * answer right on more than {@code maxShare} of the items of a task (checked with the executor
 * against every answer the candidates contain and {@link ProbeBaselines#COMMON_VALUES}). A model
 * that learned one answer therefore scores at most {@code maxShare}; what the copy heuristic scores
 * is measured by {@link ProbeBaselines} and printed beside every curve; it is capped too
 * ({@code maxCopyShare}), since otherwise idempotent programs ({@code sorted(a)}) let a quarter of
 * the input items be solved by answering the output.
 */
public final class ProbeBuilder {

    /**
     * @param perTask  items per task kind (output, input, program)
     * @param maxShare the largest share of a task's items any one constant answer may solve
     * @param maxCopyShare the largest share of a task's items the copy heuristic may solve
     * @param pairs    input/output pairs of a program item (half shown, half graded)
     */
    public record Settings(int perTask, double maxShare, double maxCopyShare, long seed, int maxOps, int pairs) {
        public Settings {
            if (perTask < 1) throw new IllegalArgumentException("perTask must be >= 1");
            if (!(maxShare > 0 && maxShare <= 1)) throw new IllegalArgumentException("maxShare must be in (0, 1]");
            if (!(maxCopyShare >= 0 && maxCopyShare <= 1)) throw new IllegalArgumentException("maxCopyShare must be in [0, 1]");
            if (pairs < 2) throw new IllegalArgumentException("pairs must be >= 2");
        }

        /** The shipped probe set's settings. */
        public static Settings defaults() {
            return new Settings(200, 0.02, 0.10, 20261201L, 2, 6);
        }

        int cap() {
            return (int) Math.floor(maxShare * perTask);
        }

        int copyCap() {
            return (int) Math.floor(maxCopyShare * perTask);
        }
    }

    /** A program with {@code pairs} distinct inputs and their outputs, all valid. */
    private record Candidate(ProgramGenerator.Program program, List<String> inputs, List<String> outputs) {}

    private final Settings settings;
    private final Executor executor;

    public ProbeBuilder(Settings settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * The probe items, output items first, then input, then program items: {@code perTask} of
     * each. Each kind draws its candidates from a stream of its own; when the balance rule leaves
     * too few, the kind starts again from twice as many candidates (so the result stays a function
     * of the settings alone). No program appears in two items, of one kind or of two.
     */
    public List<ProbeItem> build() {
        List<ProbeItem> items = new ArrayList<>();
        Set<String> used = new HashSet<>();
        List<String> tasks = List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM);
        for (int t = 0; t < tasks.size(); t++) {
            List<ProbeItem> chosen = List.of();
            for (int pool = settings.perTask() * 4; chosen.size() < settings.perTask(); pool *= 2) {
                if (pool > settings.perTask() * 96) {
                    throw new IllegalStateException("cannot find " + settings.perTask() + " balanced " + tasks.get(t)
                            + " items; allow a larger share per constant");
                }
                chosen = select(tasks.get(t), candidates(pool, settings.seed() + 1_000_003L * t, tasks.get(t), used));
            }
            items.addAll(chosen);
            for (ProbeItem it : chosen) used.add(it.code());
        }
        return items;
    }

    /**
     * Valid, input-dependent programs, each once and none of {@code used}, in generation order. Input items also need a
     * program that tells its inputs apart (at least {@code pairs - 1} distinct outputs): a
     * many-to-one program (a truth value, a length) is solved by too many constant inputs.
     */
    private List<Candidate> candidates(int wanted, long seed, String task, Set<String> used) {
        SplittableRandom r = new SplittableRandom(seed);
        ProgramGenerator generator = new ProgramGenerator(settings.maxOps());
        Set<String> seen = new HashSet<>(used);
        List<ProgramGenerator.Program> programs = new ArrayList<>();
        List<List<String>> inputs = new ArrayList<>();
        for (int attempts = 0; programs.size() < wanted && attempts < wanted * 50; attempts++) {
            ProgramGenerator.Program p = generator.program(r);
            if (!seen.add(p.source())) continue;
            Set<String> in = new LinkedHashSet<>();
            for (int tries = 0; in.size() < settings.pairs() && tries < settings.pairs() * 10; tries++) {
                in.add(ProgramGenerator.input(p.inputType(), r));
            }
            if (in.size() < settings.pairs()) continue;
            programs.add(p);
            inputs.add(List.copyOf(in));
        }
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            for (String in : inputs.get(i)) batch.add(new ExecRequest.Validate(programs.get(i).source(), in));
        }
        List<ExecResult> results = executor.execute(batch);
        List<Candidate> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < programs.size(); i++) {
            List<String> outputs = new ArrayList<>();
            boolean valid = true;
            for (int j = 0; j < settings.pairs(); j++, k++) {
                ExecResult res = results.get(k);
                valid &= res.ok();
                outputs.add(res.output());
            }
            int distinct = new HashSet<>(outputs).size();
            int needed = task.equals(ProbeItem.INPUT) ? settings.pairs() - 1 : 2;
            if (valid && distinct >= needed) out.add(new Candidate(programs.get(i), inputs.get(i), outputs));
        }
        return out;
    }

    /** The balanced items of {@code part}, by {@link ProbeSelection}. */
    private List<ProbeItem> select(String task, List<Candidate> part) {
        List<ProbeItem> all = new ArrayList<>(part.size());
        for (int i = 0; i < part.size(); i++) all.add(item(task, i, part.get(i)));
        return ProbeSelection.balanced(all, settings.perTask(), settings.cap(), settings.copyCap(), executor, k -> id(task, k));
    }

    private static ProbeItem item(String task, int index, Candidate c) {
        String id = id(task, index);
        String code = c.program().source();
        return switch (task) {
            case ProbeItem.OUTPUT, ProbeItem.INPUT -> ProbeItem.io(id, task, code, c.inputs().getFirst(), c.outputs().getFirst());
            default -> ProbeItem.program(id, code, c.inputs(), c.outputs(), "Apply to the argument: " + c.program().description() + ".");
        };
    }

    private static String id(String task, int index) {
        return String.format("probe/%s/%03d", task, index);
    }
}
