package dev.azr4j.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.azr4j.core.loop.RunSummary;
import dev.azr4j.core.task.TaskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Several runs on one page (seeds, a control, ablations): how their configurations differ, their
 * probe results side by side, and one chart per metric with a curve per run, smoothed as in the
 * single-run report. Self-contained like it: the data, uPlot and the script are inlined.
 */
public final class ComparePage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The metrics compared, {T} for each task type; the probe curves are added as the runs record them. */
    private static final List<String[]> METRICS = List.of(
            new String[] {"Solver accuracy", "solve/{T}/accuracy"}, new String[] {"Proposal validity", "propose/{T}/valid_rate"},
            new String[] {"Learnability of proposals", "propose/{T}/learnability"}, new String[] {"Buffer size", "buffer/{T}/size"},
            new String[] {"Loss", "policy/loss"}, new String[] {"Imitation loss", "policy/imitation_nll"},
            new String[] {"Entropy", "policy/entropy"}, new String[] {"Learning rate", "policy/lr"},
            new String[] {"Step time (s)", "perf/step_s"});

    private final List<RunSnapshot> runs;
    private final List<String> names;
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final List<String[]> charts = new ArrayList<>();   // title, metric key

    private ComparePage(List<RunSnapshot> runs) {
        this.runs = runs;
        this.names = names(runs.stream().map(RunSnapshot::root).toList());
    }

    public static String render(List<RunSnapshot> runs) {
        if (runs.size() < 2) throw new IllegalArgumentException("a comparison needs two runs or more");
        return new ComparePage(runs).page();
    }

    /** Each run's directory name, or its last two path parts where two runs share a name. */
    static List<String> names(List<Path> roots) {
        List<String> simple = roots.stream().map(r -> r.toAbsolutePath().normalize().getFileName().toString()).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Path abs = roots.get(i).toAbsolutePath().normalize();
            boolean clash = simple.stream().filter(simple.get(i)::equals).count() > 1;
            out.add(clash && abs.getParent() != null ? abs.getParent().getFileName() + "/" + simple.get(i) : simple.get(i));
        }
        return out;
    }

    private String page() {
        WebAssets.Asset uplot = WebAssets.uplot();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>azr4j: ").append(Html.esc(String.join(" vs ", names))).append("</title>\n")
                .append("<style>").append(uplot.css()).append("</style>\n<style>").append(ReportPage.resource("report.css")).append("</style>\n")
                .append("</head><body>\n<header><h1>azr4j runs compared</h1>\n<p class=\"meta\">");
        for (int i = 0; i < runs.size(); i++) {
            out.append(i == 0 ? "" : " &middot; ").append("<strong>").append(Html.esc(names.get(i))).append("</strong> ")
                    .append(runs.get(i).steps()).append(" steps");
        }
        out.append(" &middot; <label>smoothing <select id=\"smooth\"><option value=\"0\">off</option><option value=\"5\">5 steps</option>")
                .append("<option value=\"10\" selected>10 steps</option><option value=\"25\">25 steps</option>")
                .append("<option value=\"50\">50 steps</option></select></label></p>\n")
                .append("<nav><a href=\"#result\">Result</a><a href=\"#differences\">Differences</a><a href=\"#curves\">Curves</a></nav></header>\n<main>\n");
        result();
        differences();
        curves();
        out.append("</main>\n<script type=\"application/json\" id=\"azr-data\">").append(Html.scriptJson(data())).append("</script>\n")
                .append("<script>/* uPlot ").append(Html.esc(uplot.version())).append(" (MIT licence), from the WebJar org.webjars.npm:uplot */\n")
                .append(uplot.js()).append("\n</script>\n<script>").append(ReportPage.resource("report.js")).append("</script>\n</body></html>\n");
        return out.toString();
    }

    /** The last probe accuracy of each run, beside the first run's baselines. */
    private void result() {
        Map<String, String[]> byLabel = new LinkedHashMap<>();   // label -> cells (a run each, then best constant, copy)
        for (int i = 0; i < runs.size(); i++) {
            for (RunSummary.ProbeRow r : RunSummary.probeRows(runs.get(i).metrics())) {
                String[] cells = byLabel.computeIfAbsent(r.label(), k -> new String[runs.size() + 2]);
                cells[i] = percent(r.last()) + " <span class=\"meta\">@" + r.lastStep() + "</span>";
                if (cells[runs.size()] == null) {
                    cells[runs.size()] = percent(r.bestConstant());
                    cells[runs.size() + 1] = percent(r.copy());
                }
            }
        }
        out.append("<section id=\"result\"><h2>Result</h2>");
        if (byLabel.isEmpty()) {
            out.append("<p class=\"missing\">None of the runs recorded probe accuracies (eval.every).</p></section>\n");
            return;
        }
        out.append("<p class=\"meta\">Probe accuracy (greedy, strict) at each run's last measurement, beside what the best constant")
                .append(" answer and copying score on the same items.</p>\n<table id=\"result-table\"><thead><tr><th>probe</th>");
        for (String n : names) out.append("<th>").append(Html.esc(n)).append("</th>");
        out.append("<th>best constant</th><th>copy</th></tr></thead><tbody>");
        byLabel.forEach((label, cells) -> {
            out.append("<tr><td>").append(Html.esc(label)).append("</td>");
            for (String c : cells) out.append("<td class=\"num\">").append(c == null ? "-" : c).append("</td>");
            out.append("</tr>");
        });
        out.append("</tbody></table></section>\n");
    }

    /** The configuration keys whose values differ between the runs (seeds, switches, ablations). */
    private void differences() {
        List<Map<String, String>> flat = runs.stream().map(r -> flatten(r.config())).toList();
        TreeSet<String> keys = new TreeSet<>();
        flat.forEach(f -> keys.addAll(f.keySet()));
        out.append("<section id=\"differences\"><h2>Differences</h2><p class=\"meta\">The keys of config.yaml whose values differ.</p>\n");
        List<String> differing = keys.stream().filter(k -> flat.stream().map(f -> f.get(k)).distinct().count() > 1).toList();
        if (differing.isEmpty()) {
            out.append("<p class=\"missing\">The runs have the same configuration.</p></section>\n");
            return;
        }
        out.append("<table id=\"differences-table\"><thead><tr><th>key</th>");
        for (String n : names) out.append("<th>").append(Html.esc(n)).append("</th>");
        out.append("</tr></thead><tbody>");
        for (String k : differing) {
            out.append("<tr><td>").append(Html.esc(k)).append("</td>");
            for (Map<String, String> f : flat) out.append("<td>").append(Html.esc(Objects.requireNonNullElse(f.get(k), "-"))).append("</td>");
            out.append("</tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    /** config.yaml as key.path → value text; an unreadable one as a single entry saying so. */
    static Map<String, String> flatten(String yaml) {
        Map<String, String> out = new TreeMap<>();
        try {
            JsonNode root = YAML.readTree(yaml == null ? "" : yaml);
            if (root != null) flatten(root, "", out);
        } catch (IOException e) {
            out.put("(config.yaml)", "unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out));
        } else {
            out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private void curves() {
        TreeSet<String> recorded = new TreeSet<>();
        runs.forEach(r -> recorded.addAll(r.metrics().keys()));
        for (String[] m : METRICS) {
            if (m[1].contains("{T}")) {
                for (TaskType t : TaskType.STEP_ORDER) add(m[0] + ": " + t.id(), m[1].replace("{T}", t.id()), recorded);
            } else {
                add(m[0], m[1], recorded);
            }
        }
        for (String k : recorded) if (k.startsWith("probe/") && k.endsWith("/accuracy")) add("Probe: " + k.substring(6, k.length() - 9), k, recorded);
        out.append("<section id=\"curves\"><h2>Curves</h2><p class=\"meta\">A curve per run, over the steps each recorded.</p><div class=\"grid\">");
        for (int i = 0; i < charts.size(); i++) {
            out.append("<div class=\"chart\" data-chart=\"").append(i).append("\" data-title=\"").append(Html.esc(charts.get(i)[0]))
                    .append("\"><div class=\"empty\">").append(Html.esc(charts.get(i)[0])).append(": needs JavaScript</div></div>");
        }
        out.append("</div></section>\n");
    }

    private void add(String title, String key, TreeSet<String> recorded) {
        if (recorded.contains(key)) charts.add(new String[] {title, key});
    }

    /** The union of the runs' steps, and each run's values of each charted metric on them (null where it has none). */
    private String data() {
        TreeSet<Long> union = new TreeSet<>();
        List<Map<Long, Map<String, Object>>> byStep = new ArrayList<>();
        for (RunSnapshot r : runs) {
            Map<Long, Map<String, Object>> rows = new TreeMap<>();
            for (Map<String, Object> row : r.metrics().rows()) {
                if (row.get("step") instanceof Number n) {
                    rows.put(n.longValue(), row);
                    union.add(n.longValue());
                }
            }
            byStep.add(rows);
        }
        ObjectNode d = JSON.createObjectNode();
        ArrayNode steps = d.putArray("steps");
        union.forEach(steps::add);
        ObjectNode series = d.putObject("series");
        ArrayNode cs = d.putArray("charts");
        for (String[] c : charts) {
            ArrayNode keys = cs.addObject().put("title", c[0]).putArray("keys");
            for (int i = 0; i < runs.size(); i++) {
                String name = names.get(i) + "/" + c[1];   // the label drops the parts all curves of a chart share: the run's name stays
                keys.add(name);
                ArrayNode a = series.putArray(name);
                for (long s : union) {
                    Object v = byStep.get(i).getOrDefault(s, Map.of()).get(c[1]);
                    if (v instanceof Number n && Double.isFinite(n.doubleValue())) a.add(n.doubleValue());
                    else a.addNull();
                }
            }
        }
        d.put("live", false).put("stamp", "").put("pollMs", 0);
        try {
            return JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}
