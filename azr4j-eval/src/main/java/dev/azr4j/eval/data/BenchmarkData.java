package dev.azr4j.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.core.UserException;
import dev.azr4j.eval.math.MathAnswers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Readers for each benchmark's file as it is published. Each refuses a file of another format with one sentence. */
public final class BenchmarkData {
    private BenchmarkData() {}

    /**
     * A CRUXEval JSON-lines file ({@code code}, {@code input}, {@code output}, {@code id}). With
     * {@code task} null (probe files) each item's {@code task} field says {@code output} or
     * {@code input}; an item without it is asked both ways, as {@code ID/output} and {@code ID/input}.
     */
    public static List<CruxItem> cruxeval(Path file, CruxTask task) throws IOException {
        return unique(file, cruxevalLines(file, DataFile.read(file), task));
    }

    private static List<CruxItem> cruxevalLines(Path file, List<DataFile.Line> lines, CruxTask task) {
        String format = "CRUXEval (code, input, output, id)";
        List<CruxItem> items = new ArrayList<>();
        for (DataFile.Line l : lines) {
            String id = DataFile.text(file, l, "id", format);
            String code = DataFile.text(file, l, "code", format);
            String input = DataFile.text(file, l, "input", format);
            String output = DataFile.text(file, l, "output", format);
            if (task != null) {
                items.add(new CruxItem(id, code, input, output, task));
                continue;
            }
            String named = DataFile.optionalText(l, "task");
            if (named == null) {
                items.add(new CruxItem(id + "/output", code, input, output, CruxTask.OUTPUT));
                items.add(new CruxItem(id + "/input", code, input, output, CruxTask.INPUT));
            } else {
                CruxTask t = CruxTask.parse(named);
                if (t == null)
                    throw new UserException(file + " line " + l.number() + ": task '" + named + "' is neither 'output' nor 'input'");
                items.add(new CruxItem(id, code, input, output, t));
            }
        }
        return items;
    }

    /**
     * A probe file: CRUXEval-format items whose {@code task} is {@code output}, {@code input} (asked
     * both ways when absent), or {@code program}: then {@code inputs}, {@code outputs} (lists of the
     * same length) and {@code message} instead of {@code input}/{@code output}.
     */
    public static List<EvalItem> probes(Path file) throws IOException {
        List<EvalItem> items = new ArrayList<>();
        for (DataFile.Line l : DataFile.read(file)) {
            if (!"program".equals(DataFile.optionalText(l, "task"))) {
                items.addAll(cruxevalLines(file, List.of(l), null));
                continue;
            }
            String format = "probe program item (id, code, inputs, outputs, message)";
            JsonNode in = l.node().get("inputs"), out = l.node().get("outputs");
            if (in == null || !in.isArray() || out == null || !out.isArray() || in.size() != out.size() || in.size() < 2)
                throw new UserException(file + " line " + l.number() + ": a program item needs lists 'inputs' and 'outputs' of the same length, at least 2");
            List<String> ins = new ArrayList<>(), outs = new ArrayList<>();
            in.forEach(v -> ins.add(v.asText()));
            out.forEach(v -> outs.add(v.asText()));
            String message = DataFile.optionalText(l, "message");
            items.add(new InductionItem(DataFile.text(file, l, "id", format), DataFile.text(file, l, "code", format), ins, outs,
                    message == null ? "" : message));
        }
        return unique(file, items);
    }

    /** HumanEval ({@code task_id}, {@code prompt}, {@code test}, {@code entry_point}; {@code .jsonl.gz} as published). */
    public static List<HumanEvalItem> humaneval(Path file) throws IOException {
        String format = "HumanEval (task_id, prompt, test, entry_point)";
        List<HumanEvalItem> items = new ArrayList<>();
        for (DataFile.Line l : DataFile.read(file)) {
            items.add(new HumanEvalItem(DataFile.text(file, l, "task_id", format), DataFile.text(file, l, "prompt", format),
                    DataFile.text(file, l, "test", format), DataFile.text(file, l, "entry_point", format),
                    DataFile.optionalText(l, "canonical_solution")));
        }
        return unique(file, items);
    }

    /** Whether a HumanEval-format file is EvalPlus's HumanEval+ (its items carry {@code base_input}/{@code plus_input}). */
    public static boolean isEvalPlus(Path file) throws IOException {
        return DataFile.read(file).getFirst().node().has("plus_input");
    }

    /**
     * EvalPlus's HumanEval+ ({@code HumanEvalPlus.jsonl}): graded like MBPP+, against the reference
     * on the base and plus inputs; its {@code canonical_solution} is a body, so the reference is the
     * prompt followed by it.
     */
    public static List<MbppItem> humanevalPlus(Path file) throws IOException {
        List<MbppItem> items = new ArrayList<>();
        for (MbppItem m : mbpp(file)) {
            items.add(new MbppItem(m.id(), m.prompt(), m.entryPoint(), m.prompt() + m.canonicalSolution(), m.baseInputs(),
                    m.plusInputs(), m.atol()));
        }
        return items;
    }

    /** MBPP+ as EvalPlus publishes it ({@code task_id}, {@code prompt}, {@code entry_point}, {@code canonical_solution}, {@code base_input}, {@code plus_input}, {@code atol}). */
    public static List<MbppItem> mbpp(Path file) throws IOException {
        String format = "MBPP+ (task_id, prompt, entry_point, canonical_solution, base_input, plus_input, atol)";
        List<MbppItem> items = new ArrayList<>();
        for (DataFile.Line l : DataFile.read(file)) {
            String id = DataFile.text(file, l, "task_id", format);
            JsonNode base = l.node().get("base_input");
            if (base == null || !base.isArray())
                throw new UserException(file + " line " + l.number() + " has no list 'base_input' (expected the " + format + " format)");
            JsonNode plus = l.node().get("plus_input");
            JsonNode atol = l.node().get("atol");
            items.add(new MbppItem(id, DataFile.text(file, l, "prompt", format), DataFile.text(file, l, "entry_point", format),
                    DataFile.text(file, l, "canonical_solution", format), argumentLists(file, l, base),
                    plus != null && plus.isArray() ? argumentLists(file, l, plus) : List.of(),
                    atol != null && atol.isNumber() ? atol.doubleValue() : 0));
        }
        return unique(file, items);
    }

    private static List<String> argumentLists(Path file, DataFile.Line l, JsonNode inputs) {
        List<String> out = new ArrayList<>(inputs.size());
        for (JsonNode args : inputs) {
            if (!args.isArray())
                throw new UserException(file + " line " + l.number() + ": a test input is not a list of arguments");
            out.add(PythonLiteral.of(args));
        }
        return out;
    }

    /**
     * One of the six math sets as published: the problem in {@code problem} or {@code question}
     * (OlympiadBench's {@code context} put before it), the answer in {@code answer},
     * {@code final_answer} (a list: any one is right) or, for Minerva, the last {@code \boxed{}}
     * of {@code solution}; the id from {@code id}, {@code unique_id}, {@code idx} or the line number.
     */
    public static List<MathItem> math(Path file) throws IOException {
        String format = "math (problem or question, and answer, final_answer or a solution with \\boxed{})";
        List<MathItem> items = new ArrayList<>();
        for (DataFile.Line l : DataFile.read(file)) {
            JsonNode n = l.node();
            String problem = firstText(n, "problem", "question");
            if (problem == null)
                throw new UserException(file + " line " + l.number() + " has no field 'problem' or 'question' (expected the " + format + " format)");
            String context = DataFile.optionalText(l, "context");
            if (context != null && !context.isBlank() && !problem.contains(context)) problem = context.strip() + "\n\n" + problem;
            List<String> answers = answers(n);
            if (answers.isEmpty())
                throw new UserException(file + " line " + l.number() + " has no 'answer', 'final_answer' or boxed 'solution' (expected the " + format + " format)");
            String id = firstText(n, "id", "unique_id", "idx");
            items.add(new MathItem(id == null ? String.valueOf(l.number()) : id, problem, answers, DataFile.optionalText(l, "unit")));
        }
        return unique(file, items);
    }

    private static List<String> answers(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("answer", "final_answer")) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) continue;
            if (v.isArray()) {
                for (JsonNode a : v) if (!a.isNull()) out.add(a.isTextual() ? a.asText() : a.toString());
            } else {
                out.add(v.isTextual() ? v.asText() : v.toString());
            }
            out.removeIf(String::isBlank);
            if (!out.isEmpty()) return out;
        }
        JsonNode s = n.get("solution");
        if (s != null) {
            String text = s.isArray() ? (s.isEmpty() ? "" : s.get(s.size() - 1).asText()) : s.asText();
            String boxed = MathAnswers.lastBoxed(text);
            if (boxed != null && !boxed.isBlank()) out.add(boxed);
        }
        return out;
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank())) return v.isTextual() ? v.asText() : v.toString();
        }
        return null;
    }

    private static <T extends EvalItem> List<T> unique(Path file, List<T> items) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(item.id())) throw new UserException(file + ": the id '" + item.id() + "' occurs twice (ids must be unique)");
        }
        return items;
    }
}
