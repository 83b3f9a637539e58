package dev.azr4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.UserException;
import dev.azr4j.core.console.ProgressBar;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.run.AtomicFiles;
import dev.azr4j.core.run.JsonLines;
import dev.azr4j.core.run.JsonLinesWriter;
import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.ExecutorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a benchmark: generates completions for each item (or takes given ones), grades them in
 * batches through the executor, appends one JSON row per item to the output file as soon as its
 * batch is graded, and summarises. Given the output file of an interrupted run, it skips the items
 * already there (a torn last line is repaired) and summarises old and new rows together.
 */
public final class Evaluation {
    /**
     * @param limit       evaluate the first N items (0: all)
     * @param samples     completions per item (K)
     * @param batchItems  items generated and graded together
     * @param out         the rows file (null: no files, the summary only)
     * @param label       what is evaluated (the model directory, the generations file), for the summary
     */
    public record Options(int limit, int samples, double temperature, double topP, int maxTokens, long seed, int batchItems,
                          Path out, String label, String dataFile) {
        public Options {
            if (limit < 0) throw new UserException("--limit must be >= 0, got " + limit);
            if (samples < 1) throw new UserException("--samples must be >= 1, got " + samples);
            if (temperature < 0) throw new UserException("--temperature must be >= 0, got " + temperature);
            if (maxTokens < 1) throw new UserException("--max-tokens must be >= 1, got " + maxTokens);
            if (batchItems < 1) throw new UserException("--batch must be >= 1, got " + batchItems);
        }
    }

    private final Benchmark bench;
    private final Options options;
    private final Executor executor;
    private double generateSeconds;
    private double executeSeconds;

    public Evaluation(Benchmark bench, Options options, Executor executor) {
        this.bench = bench;
        this.options = options;
        this.executor = executor;
    }

    /** The executor settings evaluation needs on top of the configured ones: whole test programs are long. */
    public static ExecutorOptions executorOptions(ExecutorOptions base) {
        return new ExecutorOptions(base.workers(), base.timeoutMs(), base.memoryMb(), base.python(), base.maxTasksPerWorker(),
                base.bannedWords(), Math.max(base.maxProgramChars(), 2_000_000), Math.max(base.maxInputChars(), 200_000),
                base.maxOutputChars(), base.spareWorkers(), base.useNamespaces());
    }

    /** Evaluates a model: {@code format} is how its prompts are written and its answers read. */
    public Summary run(Generator generator, PromptFormat format) throws IOException {
        List<? extends EvalItem> items = limited(bench.items());
        return evaluate(items, format, batch -> generate(generator, format, batch), AnswerSource.model(format));
    }

    /** Grades completions made elsewhere, by item id; every id must be an item of the benchmark. */
    public Summary score(Map<String, List<String>> generations) throws IOException {
        Map<String, EvalItem> byId = new LinkedHashMap<>();
        for (EvalItem item : bench.items()) byId.put(item.id(), item);
        for (String id : generations.keySet()) {
            if (!byId.containsKey(id))
                throw new UserException("the generations name the id '" + id + "', which is not an item of " + options.dataFile()
                        + " (is it a file of another benchmark?)");
        }
        List<EvalItem> items = new ArrayList<>();
        for (EvalItem item : limited(bench.items())) if (generations.containsKey(item.id())) items.add(item);
        return evaluate(items, PromptFormat.plain(), batch -> {
            List<List<String>> out = new ArrayList<>();
            for (EvalItem item : batch) out.add(generations.get(item.id()));
            return out;
        }, AnswerSource.elsewhere());
    }

    private interface Source {
        List<List<String>> completions(List<? extends EvalItem> batch);
    }

    private List<? extends EvalItem> limited(List<? extends EvalItem> items) {
        return options.limit() > 0 && options.limit() < items.size() ? items.subList(0, options.limit()) : items;
    }

    private Summary evaluate(List<? extends EvalItem> items, PromptFormat format, Source source, AnswerSource answers) throws IOException {
        long t0 = System.nanoTime();
        Map<String, JsonNode> previous = previousRows(items, answers.given());
        List<EvalItem> todo = new ArrayList<>();
        for (EvalItem item : items) if (!previous.containsKey(item.id())) todo.add(item);
        List<JsonNode> rows = new ArrayList<>();
        for (EvalItem item : items) if (previous.containsKey(item.id())) rows.add(previous.get(item.id()));
        JsonLinesWriter writer = options.out() == null ? null : JsonLinesWriter.open(options.out());
        try (ProgressBar bar = ProgressBar.start("eval " + bench.name(), todo.size())) {
            for (int from = 0; from < todo.size(); from += options.batchItems()) {
                List<EvalItem> batch = todo.subList(from, Math.min(todo.size(), from + options.batchItems()));
                long g = System.nanoTime();
                List<List<String>> completions = source.completions(batch);
                generateSeconds += (System.nanoTime() - g) / 1e9;
                long e = System.nanoTime();
                List<List<Verdict>> verdicts = bench.grade(batch, completions, answers, executor);
                executeSeconds += (System.nanoTime() - e) / 1e9;
                for (int i = 0; i < batch.size(); i++) {
                    ObjectNode row = row(batch.get(i), answers.given() ? null : bench.prompt(batch.get(i), format),
                            completions.get(i), verdicts.get(i));
                    if (writer != null) writer.append(row);
                    rows.add(row);
                }
                bar.advance(batch.size());
            }
        } finally {
            if (writer != null) writer.close();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        Summary summary = Summary.of(bench, rows, options, format, answers.given(), previous.size(), todo.size(),
                generateSeconds, executeSeconds, total);
        if (options.out() != null) AtomicFiles.writeString(summaryFile(options.out()), summary.json().toPrettyString() + "\n");
        return summary;
    }

    public static Path summaryFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".summary.json");
    }

    private List<List<String>> generate(Generator generator, PromptFormat format, List<? extends EvalItem> batch) {
        int k = options.samples();
        // prompts of one answer kind go together, so that a constrained decoder can use one grammar per call
        Map<AnswerKind, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) byKind.computeIfAbsent(bench.answerKind(batch.get(i)), x -> new ArrayList<>()).add(i);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) out.add(new ArrayList<>());
        for (var e : byKind.entrySet()) {
            List<String> prompts = new ArrayList<>();
            for (int i : e.getValue()) {
                String p = bench.prompt(batch.get(i), format);
                for (int s = 0; s < k; s++) prompts.add(p);
            }
            Sampling sampling = new Sampling(options.temperature(), options.topP(), 0, options.maxTokens(),
                    options.seed() * 1_000_003L + batch.getFirst().id().hashCode());
            List<String> texts = generator.generate(prompts, sampling, e.getKey());
            if (texts.size() != prompts.size())
                throw new IllegalStateException("the generator returned " + texts.size() + " completions for " + prompts.size() + " prompts");
            int t = 0;
            for (int i : e.getValue()) for (int s = 0; s < k; s++) out.get(i).add(texts.get(t++));
        }
        return out;
    }

    private ObjectNode row(EvalItem item, String prompt, List<String> completions, List<Verdict> verdicts) {
        ObjectNode row = JsonLinesWriter.JSON.createObjectNode();
        row.put("id", item.id());
        if (item instanceof dev.azr4j.eval.data.CruxItem c) row.put("task", c.task().id());
        if (item instanceof dev.azr4j.eval.data.InductionItem) row.put("task", "program");
        if (prompt != null) row.put("prompt", prompt);
        ArrayNode cs = row.putArray("completions");
        completions.forEach(cs::add);
        ArrayNode answers = row.putArray("answers");
        ArrayNode correct = row.putArray("correct");
        ArrayNode strict = bench.gradesStrictToo() ? row.putArray("correct_strict") : null;
        boolean hasBase = verdicts.stream().anyMatch(v -> v.correctBase() != null);
        ArrayNode base = hasBase ? row.putArray("correct_base") : null;
        ArrayNode details = row.putArray("details");
        for (Verdict v : verdicts) {
            if (v.extracted() == null) answers.addNull();
            else answers.add(v.extracted());
            correct.add(v.correct());
            if (strict != null) strict.add(Boolean.TRUE.equals(v.correctStrict()));
            if (base != null) base.add(Boolean.TRUE.equals(v.correctBase()));
            if (v.detail() == null) details.addNull();
            else details.add(v.detail());
        }
        return row;
    }

    /** Rows an interrupted run with the same output file already wrote, by id; refused when they do not fit this run. */
    private Map<String, JsonNode> previousRows(List<? extends EvalItem> items, boolean given) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Path file = options.out();
        if (file == null || !Files.exists(file)) return out;
        if (Files.isDirectory(file)) throw new UserException("--out " + file + " is a directory (expected a file for the result rows)");
        Map<String, EvalItem> byId = new LinkedHashMap<>();
        for (EvalItem item : bench.items()) byId.put(item.id(), item);
        for (JsonNode row : JsonLines.read(file, JsonNode.class).values()) {
            JsonNode id = row.get("id"), correct = row.get("correct");
            if (id == null || correct == null || !correct.isArray())
                throw new UserException(file + " holds lines that are not azr eval rows (no 'id' and 'correct'); choose another --out");
            if (!byId.containsKey(id.asText()))
                throw new UserException(file + " holds a row for '" + id.asText() + "', which is not an item of " + options.dataFile()
                        + "; it was written for another benchmark: choose another --out");
            if (!given && correct.size() != options.samples())
                throw new UserException(file + " was written with --samples " + correct.size() + "; continue it with the same --samples or choose another --out");
            if (bench.gradesStrictToo() && !row.has("correct_strict"))
                throw new UserException(file + " was written for another benchmark (its rows lack correct_strict); choose another --out");
            out.put(id.asText(), row);
        }
        return out;
    }
}
