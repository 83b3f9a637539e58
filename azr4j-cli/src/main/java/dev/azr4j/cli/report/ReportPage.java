package dev.azr4j.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.loop.RunSummary;
import dev.azr4j.core.parse.Fence;
import dev.azr4j.core.parse.Fences;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.run.MetricsReader;
import dev.azr4j.core.task.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link RunSnapshot} as one self-contained HTML page: uPlot and the page's script and
 * styles are inlined, the metrics travel in a JSON block, every table is HTML built here with every
 * value from the run escaped ({@link Html}). A Content-Security-Policy forbids every request but the
 * live page's poll of its own server, so nothing leaves the page and injected markup could not load
 * anything even if it got through.
 */
public final class ReportPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows shown per table (the newest). */
    static final int TABLE_ROWS = 200;
    private static final int SUMMARY_CHARS = 90;

    /** How the page is used: written to a file, or served by {@code azr report --serve}. */
    public record Mode(boolean live, String stamp, int pollMs) {
        public static final Mode FILE = new Mode(false, "", 0);
    }

    private final RunSnapshot run;
    private final Mode mode;
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final List<Charts.Chart> charts = new ArrayList<>();

    private ReportPage(RunSnapshot run, Mode mode) {
        this.run = run;
        this.mode = mode;
    }

    public static String render(RunSnapshot run, Mode mode) {
        return new ReportPage(run, mode).page();
    }

    private String page() {
        WebAssets.Asset uplot = WebAssets.uplot();
        Set<String> keys = run.metrics().keys();
        String csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
                + (mode.live() ? "; connect-src 'self'" : "");
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>azr4j report: ").append(Html.esc(run.root().getFileName() == null ? run.root().toString()
                        : run.root().getFileName().toString())).append("</title>\n")
                .append("<style>").append(uplot.css()).append("</style>\n<style>").append(resource("report.css")).append("</style>\n")
                .append("</head><body>\n");
        header();
        out.append("<main>\n");
        result();
        notes();
        summary();
        for (Charts.Section s : Charts.sections(keys)) chartSection(s);
        proposals();
        answers();
        buffers();
        safety();
        explorer(keys);
        config();
        out.append("</main>\n");
        out.append("<script type=\"application/json\" id=\"azr-data\">").append(Html.scriptJson(data(keys))).append("</script>\n");
        out.append("<script>/* uPlot ").append(Html.esc(uplot.version())).append(" (MIT licence), from the WebJar org.webjars.npm:uplot */\n")
                .append(uplot.js()).append("\n</script>\n");
        out.append("<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        return out.toString();
    }

    // ---- header, notes, summary --------------------------------------------------------------

    private void header() {
        MetricsReader.Metrics m = run.metrics();
        out.append("<header><h1>azr4j run report</h1>\n<p class=\"meta\">").append(Html.esc(run.root().toAbsolutePath().toString()))
                .append(" &middot; ").append(run.steps()).append(run.steps() == 1 ? " step" : " steps");
        m.last().ifPresent(last -> {
            out.append(" (last: step ").append(Html.esc(String.valueOf(last.get("step"))));
            if (last.get("time_s") instanceof Number t) out.append(", ").append(Html.esc(duration(t.doubleValue()))).append(" of training");
            out.append(")");
        });
        out.append(" &middot; checkpoints: ").append(run.checkpoints().isEmpty() ? "none yet" : Html.esc(stepsText(run.checkpoints())))
                .append(" &middot; ").append(run.flags().size()).append(run.flags().size() == 1 ? " safety flag" : " safety flags")
                .append(" &middot; rendered ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)))
                .append(" UTC");
        if (mode.live()) out.append(" &middot; <span class=\"live\">live: reloads when the run changes</span>");
        out.append(" &middot; <label>smoothing <select id=\"smooth\" title=\"an exponential average over this many steps beside the raw")
                .append(" points\"><option value=\"0\">off</option><option value=\"5\">5 steps</option><option value=\"10\" selected>10 steps")
                .append("</option><option value=\"25\">25 steps</option><option value=\"50\">50 steps</option></select></label>");
        out.append("</p>\n<nav>");
        for (String[] link : new String[][] {{"result", "Result"}, {"learning", "Learning"}, {"policy", "Policy"}, {"buffers", "Buffers"}, {"sizes", "Sizes"},
                {"time", "Time"}, {"behaviour", "Behaviours"}, {"proposals", "Proposals"}, {"answers", "Solver answers"},
                {"tasks", "Buffered tasks"}, {"safety", "Safety"}, {"explore", "Any metric"}, {"config", "Configuration"}}) {
            out.append("<a href=\"#").append(link[0]).append("\">").append(link[1]).append("</a>");
        }
        out.append("</nav></header>\n");
    }

    /**
     * The headline first: the probe accuracies (greedy, strict) at their first and last measurement
     * beside what the best constant answer and copying score on the same items.
     */
    private void result() {
        List<RunSummary.ProbeRow> rows = RunSummary.probeRows(run.metrics());
        out.append("<section id=\"result\"><h2>Result</h2>");
        if (rows.isEmpty()) {
            out.append("<p class=\"missing\">No probe accuracy recorded (eval.every, eval.benches); measure a checkpoint with")
                    .append(" <code>azr eval --model RUN/checkpoints/step-N --bench probe</code>.</p></section>\n");
            return;
        }
        out.append("<p class=\"meta\">Probe accuracy, greedy and strictly graded, at the first and the last step that measured it,")
                .append(" beside what the best constant answer and copying (the input as the output, the output as the input) score")
                .append(" on the same items.</p>\n<table><thead><tr><th>probe</th><th>first measured</th><th>last measured</th>")
                .append("<th>best constant</th><th>copy</th></tr></thead><tbody>");
        for (RunSummary.ProbeRow r : rows) {
            out.append("<tr><td>").append(Html.esc(r.label())).append("</td><td class=\"num\">").append(percent(r.first()))
                    .append(" <span class=\"meta\">@").append(r.firstStep()).append("</span></td><td class=\"num\"><strong>")
                    .append(percent(r.last())).append("</strong> <span class=\"meta\">@").append(r.lastStep()).append("</span></td>")
                    .append("<td class=\"num\">").append(percent(r.bestConstant())).append("</td><td class=\"num\">")
                    .append(percent(r.copy())).append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private static String percent(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f %%", 100 * v);
    }

    private void notes() {
        if (run.notes().isEmpty()) return;
        out.append("<section class=\"notes\" id=\"notes\"><strong>What is missing</strong><ul>");
        for (String n : run.notes()) out.append("<li>").append(Html.esc(n)).append("</li>");
        out.append("</ul></section>\n");
    }

    private void summary() {
        var last = run.metrics().last();
        if (last.isEmpty()) return;
        Map<String, Object> row = last.get();
        out.append("<h2 id=\"summary\">Last step</h2>\n<table><thead><tr><th>task type</th><th>solver accuracy</th><th>proposal validity</th>")
                .append("<th>learnability</th><th>buffer size</th><th>comment rate</th><th>reasoning tokens</th><th>trial and error</th></tr></thead><tbody>");
        for (TaskType t : TaskType.STEP_ORDER) {
            String T = t.id();
            out.append("<tr><td>").append(T).append("</td>");
            for (String k : List.of("solve/" + T + "/accuracy", "propose/" + T + "/valid_rate", "propose/" + T + "/learnability",
                    "buffer/" + T + "/size", "behaviour/" + T + "/comment_rate", "behaviour/" + T + "/reasoning_tokens",
                    "behaviour/" + T + "/trial_and_error_rate")) {
                out.append("<td class=\"num\">").append(Html.esc(number(row.get(k)))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>\n");
    }

    // ---- charts ------------------------------------------------------------------------------

    private void chartSection(Charts.Section s) {
        out.append("<section id=\"").append(s.id()).append("\"><h2>").append(Html.esc(s.title())).append("</h2><p class=\"meta\">")
                .append(Html.esc(s.intro())).append("</p>\n");
        chartGrid(s.charts());
        out.append("</section>\n");
    }

    private void chartGrid(List<Charts.Chart> list) {
        out.append("<div class=\"grid\">");
        for (Charts.Chart c : list) {
            out.append("<div class=\"chart\" data-chart=\"").append(charts.size()).append("\" data-title=\"").append(Html.esc(c.title()))
                    .append("\"><div class=\"empty\">").append(Html.esc(c.title())).append(": needs JavaScript</div></div>");
            charts.add(c);
        }
        out.append("</div>\n");
    }

    private void explorer(Set<String> keys) {
        out.append("<section id=\"explore\"><h2>Any metric</h2>");
        List<String> numeric = numericKeys(keys);
        if (numeric.isEmpty()) {
            out.append("<p class=\"missing\">No metrics recorded yet.</p></section>\n");
            return;
        }
        out.append("<p><select id=\"explore-key\">");
        for (String k : numeric) out.append("<option>").append(Html.esc(k)).append("</option>");
        out.append("</select></p><div class=\"chart\" id=\"explore-chart\"></div></section>\n");
    }

    private String data(Set<String> keys) {
        ObjectNode d = JSON.createObjectNode();
        ArrayNode steps = d.putArray("steps");
        List<Map<String, Object>> rows = run.metrics().rows();
        for (Map<String, Object> r : rows) steps.add(((Number) r.get("step")).longValue());
        ObjectNode series = d.putObject("series");
        for (String k : numericKeys(keys)) {
            ArrayNode a = series.putArray(k);
            for (Map<String, Object> r : rows) {
                Object v = r.get(k);
                if (v instanceof Number n && Double.isFinite(n.doubleValue())) a.add(n.doubleValue());
                else a.addNull();
            }
        }
        ArrayNode cs = d.putArray("charts");
        for (Charts.Chart c : charts) {
            ObjectNode o = cs.addObject().put("title", c.title());
            c.keys().forEach(o.putArray("keys")::add);
        }
        d.put("live", mode.live()).put("stamp", mode.stamp()).put("pollMs", mode.pollMs());
        try {
            return JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> numericKeys(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (k.equals("step")) continue;
            boolean numeric = false;
            for (Map<String, Object> r : run.metrics().rows()) {
                if (r.get(k) instanceof Number) {
                    numeric = true;
                    break;
                }
            }
            if (numeric) out.add(k);
        }
        return out;
    }

    // ---- tables ------------------------------------------------------------------------------

    private void proposals() {
        out.append("<section id=\"proposals\"><h2>Recent proposals</h2>");
        List<JsonNode> rows = run.samples().stream().filter(s -> s.path("group").asText().startsWith("propose/")).limit(TABLE_ROWS).toList();
        if (rows.isEmpty()) {
            out.append("<p class=\"missing\">No proposals recorded yet (samples/step-N.jsonl; run.samples_per_role).</p></section>\n");
            return;
        }
        out.append("<p class=\"meta\">The kept proposals of the newest steps (").append(rows.size())
                .append(" rows). Validity is the executor's verdict or the parse failure; learnability is 1 - solve rate of the MC rollouts, 0 when they all or none solve it.</p>");
        filter("proposals-table");
        out.append("<div class=\"tablewrap\"><table id=\"proposals-table\"><thead><tr><th>step</th><th>task type</th><th>validity</th>")
                .append("<th>solve rate</th><th>learnability</th><th>reward</th><th>program</th><th>input(s)</th><th>output</th><th>completion</th></tr></thead><tbody>\n");
        for (JsonNode s : rows) {
            JsonNode d = s.path("details");
            Response r = Response.parse(s.path("completion").asText());
            List<Fence> fences = Fences.all(r.answer());
            String program = fences.stream().filter(f -> Fences.isCodeTag(f.tag())).map(Fence::content).findFirst().orElse("");
            List<String> inputs = fences.stream().filter(f -> f.tag().toLowerCase().startsWith("input")).map(Fence::content).toList();
            String message = fences.stream().filter(f -> f.tag().equalsIgnoreCase("message")).map(Fence::content).findFirst().orElse(null);
            String in = String.join("\n", inputs) + (message == null ? "" : "\nmessage: " + message);
            boolean valid = d.path("valid").asBoolean(false);
            out.append("<tr><td class=\"num\">").append(s.path("step").asLong()).append("</td><td>").append(Html.esc(type(s)))
                    .append("</td><td class=\"").append(valid ? "valid\">valid" : "invalid\">" + Html.esc(d.path("invalid").asText("invalid")))
                    .append("</td><td class=\"num\">").append(Html.esc(number(d.get("solve_rate"))))
                    .append("</td><td class=\"num\">").append(Html.esc(number(d.get("learnability"))))
                    .append("</td><td class=\"num\">").append(Html.esc(number(s.get("reward"))))
                    .append("</td><td>").append(code(program)).append("</td><td>").append(code(in.strip()))
                    .append("</td><td>").append(code(d.path("output").asText(""))).append("</td><td>")
                    .append(collapsed(s.path("completion").asText())).append("</td></tr>\n");
        }
        out.append("</tbody></table></div></section>\n");
    }

    private void answers() {
        out.append("<section id=\"answers\"><h2>Recent solver answers</h2>");
        List<JsonNode> rows = run.samples().stream().filter(s -> s.path("group").asText().startsWith("solve/")).limit(TABLE_ROWS).toList();
        if (rows.isEmpty()) {
            out.append("<p class=\"missing\">No solver answers recorded yet.</p></section>\n");
            return;
        }
        filter("answers-table");
        out.append("<div class=\"tablewrap\"><table id=\"answers-table\"><thead><tr><th>step</th><th>task type</th><th>reward</th><th>correct</th>")
                .append("<th>answer</th><th>reasoning</th><th>completion</th><th>prompt</th></tr></thead><tbody>\n");
        for (JsonNode s : rows) {
            JsonNode d = s.path("details");
            Response r = Response.parse(s.path("completion").asText());
            List<Fence> fences = Fences.all(r.answer());
            String answer = fences.isEmpty() ? r.answer() : fences.getFirst().content();
            boolean correct = d.path("correct").asBoolean(false);
            String verdict = d.has("parse_failure") ? "parse: " + d.path("parse_failure").asText() : correct ? "yes" : "no";
            out.append("<tr><td class=\"num\">").append(s.path("step").asLong()).append("</td><td>").append(Html.esc(type(s)))
                    .append("</td><td class=\"num\">").append(Html.esc(number(s.get("reward"))))
                    .append("</td><td class=\"").append(correct ? "valid" : "invalid").append("\">").append(Html.esc(verdict))
                    .append("</td><td>").append(code(answer)).append("</td><td>").append(collapsed(r.reasoning()))
                    .append("</td><td>").append(collapsed(s.path("completion").asText()))
                    .append("</td><td>").append(collapsed(s.path("prompt").asText())).append("</td></tr>\n");
        }
        out.append("</tbody></table></div></section>\n");
    }

    private void buffers() {
        out.append("<section id=\"tasks\"><h2>Buffered tasks</h2><p class=\"meta\">The newest validated tasks of each buffer (buffers/T.jsonl, written with every checkpoint).</p>");
        for (TaskType t : TaskType.STEP_ORDER) {
            int size = run.bufferSizes().getOrDefault(t.id(), -1);
            out.append("<h3>").append(t.id()).append(size < 0 ? " (no buffer file yet)" : " (" + size + " tasks)").append("</h3>");
            List<JsonNode> entries = run.buffers().getOrDefault(t.id(), List.of());
            if (entries.isEmpty()) continue;
            String id = "buffer-" + t.id();
            filter(id);
            boolean induction = t == TaskType.INDUCTION;
            out.append("<div class=\"tablewrap\"><table id=\"").append(id).append("\"><thead><tr><th>step</th><th>program</th>")
                    .append(induction ? "<th>inputs &rarr; outputs</th><th>message</th>" : "<th>input</th><th>output</th>").append("</tr></thead><tbody>\n");
            for (JsonNode e : entries.subList(0, Math.min(TABLE_ROWS, entries.size()))) {
                out.append("<tr><td class=\"num\">").append(e.path("step").asLong()).append("</td><td>").append(code(e.path("program").asText()));
                if (induction) {
                    StringBuilder io = new StringBuilder();
                    Iterator<JsonNode> ins = e.path("inputs").iterator(), outs = e.path("outputs").iterator();
                    while (ins.hasNext()) io.append(ins.next().asText()).append("  ->  ").append(outs.hasNext() ? outs.next().asText() : "?").append('\n');
                    out.append("</td><td>").append(code(io.toString().strip())).append("</td><td>").append(code(e.path("message").asText()));
                } else {
                    out.append("</td><td>").append(code(e.path("input").asText())).append("</td><td>").append(code(e.path("output").asText()));
                }
                out.append("</td></tr>\n");
            }
            out.append("</tbody></table></div>");
        }
        out.append("</section>\n");
    }

    private void safety() {
        out.append("<section id=\"safety\"><h2>Safety</h2><p class=\"meta\">The safety monitor reads every proposal, every reasoning text and every sandbox refusal of each step against its rules (safety.rules); its hits are in flags.jsonl.</p>\n");
        chartGrid(Charts.safety());
        List<JsonNode> flags = run.flags();
        if (flags.isEmpty()) {
            out.append("<p class=\"none\">No flags: the safety monitor flagged nothing")
                    .append(run.steps() > 0 ? " in the " + run.steps() + " steps recorded." : " (no steps recorded yet).").append("</p></section>\n");
            return;
        }
        out.append("<h3>").append(flags.size()).append(flags.size() == 1 ? " flag" : " flags").append(" (newest first)</h3>");
        filter("flags-table");
        out.append("<div class=\"tablewrap\"><table id=\"flags-table\"><thead><tr><th>step</th><th>role</th><th>task type</th><th>rule</th>")
                .append("<th>read</th><th>excerpt</th><th>sample</th></tr></thead><tbody>\n");
        List<JsonNode> newest = new ArrayList<>(flags);
        java.util.Collections.reverse(newest);
        for (JsonNode f : newest.subList(0, Math.min(TABLE_ROWS, newest.size()))) {
            JsonNode sample = f.path("sample");
            out.append("<tr><td class=\"num\">").append(f.path("step").asLong()).append("</td><td>").append(Html.esc(f.path("role").asText()))
                    .append(sample.path("mc_rollout").asBoolean(false) ? " (MC)" : "")
                    .append("</td><td>").append(Html.esc(f.path("task_type").asText())).append("</td><td class=\"flag-rule\">")
                    .append(Html.esc(f.path("rule").asText())).append("</td><td>").append(Html.esc(f.path("target").asText()))
                    .append("</td><td><pre>").append(highlighted(f)).append("</pre></td><td>")
                    .append(collapsed(sample.path("completion").asText()));
            if (sample.path("sandbox_refusals").size() > 0) {
                List<String> refusals = new ArrayList<>();
                sample.path("sandbox_refusals").forEach(x -> refusals.add(x.asText()));
                out.append("<div>sandbox: ").append(code(String.join("\n", refusals))).append("</div>");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table></div></section>\n");
    }

    /** The excerpt with its match in {@code <mark>}; every part escaped. */
    static String highlighted(JsonNode flag) {
        String ex = flag.path("excerpt").asText();
        int a = Math.max(0, Math.min(ex.length(), flag.path("match_start").asInt(0)));
        int b = Math.max(a, Math.min(ex.length(), flag.path("match_end").asInt(a)));
        return Html.esc(ex.substring(0, a)) + "<mark>" + Html.esc(ex.substring(a, b)) + "</mark>" + Html.esc(ex.substring(b));
    }

    private void config() {
        out.append("<section id=\"config\"><h2>Configuration</h2><p class=\"meta\">config.yaml: the fully resolved configuration of the run.</p><pre class=\"config\">")
                .append(Html.esc(run.config())).append("</pre></section>\n");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void filter(String tableId) {
        out.append("<input class=\"filter\" type=\"search\" placeholder=\"filter rows\" data-table=\"").append(tableId).append("\">");
    }

    private static String type(JsonNode sample) {
        String g = sample.path("group").asText();
        int slash = g.indexOf('/');
        return slash < 0 ? g : g.substring(slash + 1);
    }

    /** A short code value inline; a long one folded under its first characters. */
    private static String code(String s) {
        if (s == null || s.isEmpty()) return "<span class=\"missing\">-</span>";
        if (s.length() <= 400 && s.lines().count() <= 12) return "<pre class=\"code\">" + Html.esc(s) + "</pre>";
        return collapsed(s);
    }

    private static String collapsed(String s) {
        if (s == null || s.isEmpty()) return "<span class=\"missing\">-</span>";
        String first = s.strip().replaceAll("\\s+", " ");
        if (first.length() > SUMMARY_CHARS) first = first.substring(0, SUMMARY_CHARS) + "...";
        return "<details><summary>" + Html.esc(first) + " (" + s.length() + " chars)</summary><pre>" + Html.esc(s) + "</pre></details>";
    }

    private static String number(Object v) {
        if (v instanceof JsonNode n) {
            if (n.isNumber()) v = n.doubleValue();
            else if (n.isNull() || n.isMissingNode()) return "-";
            else return n.asText();
        }
        if (v == null) return "-";
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6 ? String.format(java.util.Locale.ROOT, "%.3g", d) : String.format(java.util.Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return v.toString();
    }

    private static String duration(double s) {
        long t = Math.round(s);
        return t < 120 ? t + " s" : t < 7200 ? (t / 60) + " min" : String.format(java.util.Locale.ROOT, "%.1f h", t / 3600.0);
    }

    private static String stepsText(List<Long> steps) {
        Set<String> shown = new LinkedHashSet<>();
        if (steps.size() > 6) {
            for (Long s : steps.subList(0, 2)) shown.add(String.valueOf(s));
            shown.add("...");
            for (Long s : steps.subList(steps.size() - 3, steps.size())) shown.add(String.valueOf(s));
        } else {
            for (Long s : steps) shown.add(String.valueOf(s));
        }
        return String.join(", ", shown);
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
