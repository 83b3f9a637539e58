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

    /** The probe rows, when the run measured the probes (eval.every > 0); a line saying so otherwise. */
    private static void probeTable(RunDirectory run, List<String> out) {
        MetricsReader.Metrics m;
        try {
            m = MetricsReader.read(run.metrics());
        } catch (IOException e) {
            out.add("probes: metrics.jsonl unreadable (" + e.getMessage() + ")");
            return;
        }
        Optional<Map<String, Object>> last = lastWith(m, "probe/output/accuracy");
        if (last.isEmpty()) {
            out.add("probes: not measured during this run (eval.every); measure them with the azr eval line below");
            return;
        }
        out.add(String.format(Locale.ROOT, "%-22s %14s %14s %14s %8s", "probe (greedy, strict)", "first measured", "last measured",
                "best constant", "copy"));
        for (String task : PROBE_TASKS) {
            MetricsReader.Series s = m.series("probe/" + task + "/accuracy");
            if (s.size() == 0) continue;
            int n = s.size() - 1;
            out.add(String.format(Locale.ROOT, "%-22s %14s %14s %14s %8s", task + " prediction",
                    percent(s.values()[0]) + " @" + s.steps()[0], percent(s.values()[n]) + " @" + s.steps()[n],
                    percent(last.get().get("probe/" + task + "/best_constant")), percent(last.get().get("probe/" + task + "/copy"))));
        }
    }

    private static Optional<Map<String, Object>> lastWith(MetricsReader.Metrics m, String key) {
        for (int i = m.rows().size() - 1; i >= 0; i--) if (m.rows().get(i).get(key) instanceof Number) return Optional.of(m.rows().get(i));
        return Optional.empty();
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue()) : "-";
    }
}
