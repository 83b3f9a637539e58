package dev.azr4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.run.JsonLinesWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The summary of an evaluation: {@code bench}, {@code n} items, {@code accuracy} (the fraction of
 * correct samples, i.e. pass@1), {@code accuracy_strict} for CRUXEval, {@code accuracy_base} for
 * MBPP+, {@code accuracy_output}/{@code accuracy_input}/{@code accuracy_program} for probes, {@code pass@k} for
 * k = 1, 2, 5, 10, ... up to the samples per item, {@code unparsed} samples and items, and timing.
 */
public record Summary(ObjectNode json) {
    private static final int[] KS = {1, 2, 5, 10, 20, 50, 100};
    private static final int LISTED_UNPARSED = 50;

    static Summary of(Benchmark bench, List<JsonNode> rows, Evaluation.Options options, PromptFormat format, boolean given,
                      int resumed, int evaluated, double generateS, double executeS, double totalS) {
        ObjectNode s = JsonLinesWriter.JSON.createObjectNode();
        s.put("bench", bench.name());
        if (options.dataFile() != null) s.put("data", options.dataFile());
        if (options.label() != null) s.put(given ? "generations" : "model", options.label());
        if (!given) {
            s.put("prompt_format", format.describe());
            s.put("samples", options.samples());
            s.put("temperature", options.temperature());
            s.put("max_tokens", options.maxTokens());
        }
        s.put("n", rows.size());
        List<List<Boolean>> correct = column(rows, "correct");
        s.put("accuracy", sampleMean(correct));
        if (bench.gradesStrictToo()) s.put("accuracy_strict", sampleMean(column(rows, "correct_strict")));
        if (rows.stream().anyMatch(r -> r.has("correct_base"))) s.put("accuracy_base", sampleMean(column(rows, "correct_base")));
        if (bench.name().equals("probe")) {
            for (String task : List.of("output", "input", "program")) {
                List<JsonNode> part = rows.stream().filter(r -> task.equals(r.path("task").asText())).toList();
                if (!part.isEmpty()) s.put("accuracy_" + task, sampleMean(column(part, "correct")));
            }
        }
        int maxSamples = correct.stream().mapToInt(List::size).max().orElse(0);
        for (int k : KS) {
            if (k > maxSamples) break;
            double p = PassAtK.mean(correct, k);
            if (!Double.isNaN(p)) s.put("pass@" + k, p);
        }
        if (maxSamples > 0 && java.util.Arrays.stream(KS).noneMatch(k -> k == maxSamples)) {
            double p = PassAtK.mean(correct, maxSamples);
            if (!Double.isNaN(p)) s.put("pass@" + maxSamples, p);
        }
        int unparsedSamples = 0;
        TreeSet<String> unparsedItems = new TreeSet<>();
        for (JsonNode r : rows) {
            for (JsonNode a : r.path("answers")) {
                if (a.isNull()) {
                    unparsedSamples++;
                    unparsedItems.add(r.path("id").asText());
                }
            }
        }
        ObjectNode u = s.putObject("unparsed");
        u.put("samples", unparsedSamples);
        u.put("items", unparsedItems.size());
        var ids = u.putArray("ids");
        unparsedItems.stream().limit(LISTED_UNPARSED).forEach(ids::add);
        ObjectNode t = s.putObject("timing");
        t.put("items_evaluated", evaluated);
        t.put("items_resumed", resumed);
        t.put("generate_s", round(generateS));
        t.put("execute_s", round(executeS));
        t.put("total_s", round(totalS));
        if (evaluated > 0 && totalS > 0) {
            t.put("items_per_minute", round(evaluated / totalS * 60));
            t.put("s_per_item", round(totalS / evaluated));
        }
        return new Summary(s);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static List<List<Boolean>> column(List<JsonNode> rows, String field) {
        List<List<Boolean>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<Boolean> vs = new ArrayList<>();
            for (JsonNode v : r.path(field)) vs.add(v.asBoolean());
            out.add(vs);
        }
        return out;
    }

    /** Mean over items of the fraction of its samples that are correct (pass@1); 0 for no items. */
    private static double sampleMean(List<List<Boolean>> verdicts) {
        double sum = 0;
        int n = 0;
        for (List<Boolean> v : verdicts) {
            if (v.isEmpty()) continue;
            sum += v.stream().filter(Boolean::booleanValue).count() / (double) v.size();
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    public double accuracy() {
        return json.path("accuracy").asDouble();
    }

    public double passAt(int k) {
        return json.path("pass@" + k).asDouble(Double.NaN);
    }

    public int n() {
        return json.path("n").asInt();
    }

    /** The summary as a small table for the console. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        line(sb, "bench", json.path("bench").asText() + (json.has("data") ? "  (" + json.path("data").asText() + ")" : ""));
        if (json.has("model")) line(sb, "model", json.path("model").asText() + "  [prompts: " + json.path("prompt_format").asText() + "]");
        if (json.has("generations")) line(sb, "generations", json.path("generations").asText());
        line(sb, "items", json.path("n").asText() + (json.has("samples") ? "  x " + json.path("samples").asText() + " samples" : ""));
        line(sb, "accuracy", pct(json.path("accuracy").asDouble()));
        for (String k : List.of("accuracy_strict", "accuracy_base", "accuracy_output", "accuracy_input", "accuracy_program"))
            if (json.has(k)) line(sb, k, pct(json.path(k).asDouble()));
        for (var it = json.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("pass@")) line(sb, k, pct(json.path(k).asDouble()));
        }
        JsonNode u = json.path("unparsed");
        line(sb, "unparsed", u.path("samples").asInt() + " samples in " + u.path("items").asInt() + " items");
        JsonNode t = json.path("timing");
        line(sb, "time", String.format(Locale.ROOT, "%.1fs (generate %.1fs, execute %.1fs)%s%s", t.path("total_s").asDouble(),
                t.path("generate_s").asDouble(), t.path("execute_s").asDouble(),
                t.has("items_per_minute") ? String.format(Locale.ROOT, ", %.1f items/min", t.path("items_per_minute").asDouble()) : "",
                t.path("items_resumed").asInt() > 0 ? ", " + t.path("items_resumed").asInt() + " items from the earlier run" : ""));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-16s %s%n", key, value));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
