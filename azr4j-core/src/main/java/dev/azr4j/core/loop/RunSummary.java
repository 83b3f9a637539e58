package dev.azr4j.core.loop;

import dev.azr4j.core.console.Durations;
import dev.azr4j.core.run.MetricsReader;
import dev.azr4j.core.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The last lines of a run that ended as planned (its steps done, or its time budget spent): how far
 * it got, the probe accuracies at their first and last measurement beside what the best constant
 * answer and copying score on the same items, the last checkpoint, and the commands to look at it.
 */
public final class RunSummary {
    private static final List<String> PROBE_TASKS = List.of("output", "input", "program");

    private RunSummary() {}

    /**
     * @param lastStep the run's last step
     * @param nanos    how long this process trained
     * @param why      why it ended, e.g. "the time limit (25 minutes) was reached"
     * @param prompt   a solver prompt of the run's format to try the model on, or null
     */
    public static List<String> lines(RunDirectory run, long lastStep, long nanos, String why, String prompt) {
        List<String> out = new ArrayList<>();
        out.add("done: step " + lastStep + " after " + Durations.compactNanos(nanos) + " (" + why + ")");
        Path checkpoint = run.checkpoint(lastStep);
        out.add("last checkpoint: " + checkpoint);
        probeTable(run, out);
        out.add("next:");
        out.add("  azr report " + run.root() + "   # curves, samples and flags in one page");
        out.add("  azr eval --model " + checkpoint + " --bench probe   # greedy accuracy on the probes");
        if (prompt != null)
            out.add("  azr generate --model " + checkpoint + " --prompt $'" + prompt.replace("\\", "\\\\").replace("'", "\\'")
                    .replace("\n", "\\n") + "' --max-tokens 16 --temperature 0");
        return out;
    }

    /**
     * One probe curve's headline: its first and last measurement, and what the best constant answer
     * and copying score on the same items.
     *
     * @param set  the probe set ("" for probes-v1, whose metrics are {@code probe/T/...})
     * @param task output, input or program
     */
    public record ProbeRow(String set, String task, long firstStep, double first, long lastStep, double last, Double bestConstant,
                           Double copy) {
        /** "output prediction", or "shifted: output prediction" for another set. */
        public String label() {
            return (set.isEmpty() ? "" : set + ": ") + task + " prediction";
        }
    }

    /**
     * The prefix under which a run's first row holds the untrained model's probe measurements (taken
     * before its first step): {@code baseline/probe/output/accuracy} beside the curve's {@code probe/output/accuracy}.
     */
    public static final String BASELINE = "baseline/";

    /**
     * Every probe curve of a run's metrics, probes-v1's first, in task order (output, input, program);
     * the first point is the step-0 baseline where the run measured one.
     */
    public static List<ProbeRow> probeRows(MetricsReader.Metrics m) {
        List<String> sets = new ArrayList<>();
        sets.add("");
        for (String key : new java.util.TreeSet<>(m.keys())) {
            String[] parts = key.split("/");
            if (parts.length == 4 && parts[0].equals("probe") && PROBE_TASKS.contains(parts[2]) && parts[3].equals("accuracy")
                    && !sets.contains(parts[1])) sets.add(parts[1]);
        }
        List<ProbeRow> rows = new ArrayList<>();
        for (String set : sets) {
            String prefix = set.isEmpty() ? "probe/" : "probe/" + set + "/";
            for (String task : PROBE_TASKS) {
                MetricsReader.Series s = m.series(prefix + task + "/accuracy");
                if (s.size() == 0) continue;
                int n = s.size() - 1;
                Optional<Map<String, Object>> last = lastWith(m, prefix + task + "/accuracy");
                Double baseline = m.rows().isEmpty() ? null : number(m.rows().getFirst().get(BASELINE + prefix + task + "/accuracy"));
                rows.add(new ProbeRow(set, task, baseline != null ? 0 : s.steps()[0], baseline != null ? baseline : s.values()[0],
                        s.steps()[n], s.values()[n],
                        number(last.map(r -> r.get(prefix + task + "/best_constant")).orElse(null)),
                        number(last.map(r -> r.get(prefix + task + "/copy")).orElse(null))));
            }
        }
        return rows;
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    /** The probe rows, when the run measured the probes (eval.every > 0); a line saying so otherwise. */
    private static void probeTable(RunDirectory run, List<String> out) {
        MetricsReader.Metrics m;
        try {
            m = MetricsReader.read(run.metrics());
        } catch (IOException e) {
            out.add("probes: metrics.jsonl unreadable (" + e.getMessage() + ")");
            return;
        }
        List<ProbeRow> rows = probeRows(m);
        if (rows.isEmpty()) {
            out.add("probes: not measured during this run (eval.every); measure them with the azr eval line below");
            return;
        }
        int width = Math.max(22, rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        out.add(String.format(Locale.ROOT, "%-" + width + "s %14s %14s %14s %8s", "probe (greedy, strict)", "first measured",
                "last measured", "best constant", "copy"));
        for (ProbeRow r : rows)
            out.add(String.format(Locale.ROOT, "%-" + width + "s %14s %14s %14s %8s", r.label(), percent(r.first()) + " @" + r.firstStep(),
                    percent(r.last()) + " @" + r.lastStep(), percent(r.bestConstant()), percent(r.copy())));
    }

    private static Optional<Map<String, Object>> lastWith(MetricsReader.Metrics m, String key) {
        for (int i = m.rows().size() - 1; i >= 0; i--) if (m.rows().get(i).get(key) instanceof Number) return Optional.of(m.rows().get(i));
        return Optional.empty();
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue()) : "-";
    }
}
