package dev.azr4j.eval.probe;

import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.probe.ProbeSelection;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the generalization probe sets, balanced as {@code probes-v1}: output, input and program
 * items, every output computed by the executor, every program's output depending on its input, no
 * program twice, no output longer than {@link #MAX_LITERAL} characters, and the balance rule of
 * {@link ProbeSelection} (no constant answer right on more than {@code maxShare} of a task's items,
 * the copy heuristic on at most {@code maxCopyShare}).
 */
public final class GeneralizationProbes {

    /** The longest output kept: a probe answer must fit the answer budget of a training-time evaluation. */
    static final int MAX_LITERAL = 48;

    /** The three sets: what each measures, and the name it ships under. */
    public enum Kind {
        /** One operation of the environment's kinds, with a programmer's values and names. */
        SHIFTED("probes-shifted-v1", 20270101L),
        /** Chains of 3–4 such operations. */
        COMPOSITIONAL("probes-compositional-v1", 20270102L),
        /** Multi-line functions with a loop, a conditional and a local variable. */
        MULTILINE("probes-multiline-v1", 20270103L);

        private final String setName;
        private final long seed;

        Kind(String setName, long seed) {
            this.setName = setName;
            this.seed = seed;
        }

        /** The name the set ships under (its resource is {@code NAME.jsonl}). */
        public String setName() {
            return setName;
        }

        public long seed() {
            return seed;
        }

        /** The kind named {@code s} ({@code shifted}, {@code compositional}, {@code multiline}, or a set name), or null. */
        public static Kind parse(String s) {
            for (Kind k : values()) if (k.name().toLowerCase(Locale.ROOT).equals(s) || k.setName.equals(s)) return k;
            return null;
        }

        ProbeProgram.Source programs() {
            return switch (this) {
                case SHIFTED -> new ChainedPrograms(1, 1);
                case COMPOSITIONAL -> new ChainedPrograms(3, 4);
                case MULTILINE -> new MultilinePrograms();
            };
        }
    }

    /**
     * @param perTask      items per task kind (output, input, program)
     * @param maxShare     the largest share of a task's items one constant answer may solve
     * @param maxCopyShare the largest share of a task's items the copy heuristic may solve
     * @param pairs        input/output pairs of a program item (half shown, half graded)
     */
    public record Settings(Kind kind, int perTask, double maxShare, double maxCopyShare, long seed, int pairs) {
        public Settings {
            if (perTask < 1) throw new IllegalArgumentException("perTask must be >= 1");
            if (!(maxShare > 0 && maxShare <= 1)) throw new IllegalArgumentException("maxShare must be in (0, 1]");
            if (!(maxCopyShare >= 0 && maxCopyShare <= 1)) throw new IllegalArgumentException("maxCopyShare must be in [0, 1]");
            if (pairs < 2) throw new IllegalArgumentException("pairs must be >= 2");
        }

        /** The shipped set of {@code kind}'s settings. */
        public static Settings defaults(Kind kind) {
            return new Settings(kind, 100, 0.03, 0.10, kind.seed(), 6);
        }

        int cap() {
            return (int) Math.floor(maxShare * perTask + 1e-9);
        }

        int copyCap() {
            return (int) Math.floor(maxCopyShare * perTask + 1e-9);
        }
    }

    /** A program with {@code pairs} distinct inputs and their outputs. */
    record Candidate(ProbeProgram program, List<String> inputs, List<String> outputs) {}

    private final Settings settings;
    private final Executor executor;

    public GeneralizationProbes(Settings settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * The items, output items first, then input, then program items: {@code perTask} of each, from a
     * candidate stream per task kind; when the balance rule leaves too few, the kind starts again
     * from twice as many candidates, so the result is a function of the settings alone.
     */
    public List<ProbeItem> build() {
        List<ProbeItem> items = new ArrayList<>();
        Set<String> used = new HashSet<>();
        List<String> tasks = List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM);
        String prefix = settings.kind().name().toLowerCase(Locale.ROOT);
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            List<ProbeItem> chosen = List.of();
            for (int pool = settings.perTask() * 4; chosen.size() < settings.perTask(); pool *= 2) {
                if (pool > settings.perTask() * 64)
                    throw new IllegalStateException("cannot find " + settings.perTask() + " balanced " + task + " items; allow a larger share per constant");
                List<ProbeItem> all = new ArrayList<>();
                for (Candidate c : candidates(pool, t, task, used)) all.add(item(task, all.size(), c));
                chosen = ProbeSelection.balanced(all, settings.perTask(), settings.cap(), settings.copyCap(), executor,
                        k -> String.format(Locale.ROOT, "%s/%s/%03d", prefix, task, k));
            }
            items.addAll(chosen);
            for (ProbeItem it : chosen) used.add(it.code());
        }
        return items;
    }

    /** A program and its {@code pairs} distinct inputs, as drawn (not yet run). */
    record Draw(ProbeProgram program, List<String> inputs) {}

    /**
     * The first {@code wanted} programs of task {@code t}'s stream, none of {@code used}, each with
     * {@code pairs} distinct inputs: a prefix of the same stream whatever {@code wanted} is.
     */
    List<Draw> draws(int wanted, int t, Set<String> used) {
        SplittableRandom r = new SplittableRandom(settings.seed() + 1_000_003L * t);
        ProbeProgram.Source source = settings.kind().programs();
        Set<String> seen = new HashSet<>(used);
        List<Draw> out = new ArrayList<>();
        for (int attempts = 0; out.size() < wanted && attempts < wanted * 50; attempts++) {
            ProbeProgram p = source.next(r);
            if (!seen.add(p.source())) continue;
            Set<String> in = new LinkedHashSet<>();
            for (int tries = 0; in.size() < settings.pairs() && tries < settings.pairs() * 10; tries++) in.add(p.input(r));
            if (in.size() < settings.pairs()) continue;
            out.add(new Draw(p, List.copyOf(in)));
        }
        return out;
    }

    /** The drawn programs that run on all their inputs, with outputs short enough and depending on the input. */
    List<Candidate> candidates(int wanted, int t, String task, Set<String> used) {
        List<ProbeProgram> programs = new ArrayList<>();
        List<List<String>> inputs = new ArrayList<>();
        for (Draw d : draws(wanted, t, used)) {
            programs.add(d.program());
            inputs.add(d.inputs());
        }
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) for (String in : inputs.get(i)) batch.add(new ExecRequest.Validate(programs.get(i).source(), in));
        List<ExecResult> results = executor.execute(batch);
        List<Candidate> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < programs.size(); i++) {
            List<String> outputs = new ArrayList<>();
            boolean valid = true;
            for (int j = 0; j < settings.pairs(); j++, k++) {
                ExecResult res = results.get(k);
                valid &= res.ok() && res.output() != null && res.output().length() <= MAX_LITERAL;
                outputs.add(res.output());
            }
            int distinct = new HashSet<>(outputs).size();
            int needed = task.equals(ProbeItem.INPUT) ? settings.pairs() - 1 : 2;
            if (valid && distinct >= needed) out.add(new Candidate(programs.get(i), inputs.get(i), outputs));
        }
        return out;
    }

    private static ProbeItem item(String task, int index, Candidate c) {
        String id = task + "/" + index;
        String code = c.program().source();
        return switch (task) {
            case ProbeItem.OUTPUT, ProbeItem.INPUT -> new ProbeItem(id, task, code, c.inputs().getFirst(), c.outputs().getFirst(), null, null, null);
            default -> new ProbeItem(id, ProbeItem.PROGRAM, code, null, null, c.inputs(), c.outputs(), c.program().description());
        };
    }
}
