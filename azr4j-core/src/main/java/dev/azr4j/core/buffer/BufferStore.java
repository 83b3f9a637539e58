package dev.azr4j.core.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads buffers as JSON lines, one entry per line with its step:
 * {@code {"step":3,"program":..,"input":..,"output":..,"imports":[..]}} for triplets and
 * {@code {"step":3,"program":..,"inputs":[..],"outputs":[..],"message":..,"imports":[..]}} for
 * induction problems. Files are {@code <dir>/<type>.jsonl}, written atomically.
 */
public final class BufferStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BufferStore() {}

    public static void write(TaskBuffers buffers, Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(file(TaskType.ABDUCTION)), tripletLines(buffers.abduction()));
            writeAtomically(dir.resolve(file(TaskType.DEDUCTION)), tripletLines(buffers.deduction()));
            List<String> lines = new ArrayList<>();
            for (TaskBuffer.Entry<InductionProblem> e : buffers.induction().entries()) {
                ObjectNode o = JSON.createObjectNode().put("step", e.step());
                InductionProblem p = e.task();
                o.put("program", p.program());
                p.inputs().forEach(o.putArray("inputs")::add);
                p.outputs().forEach(o.putArray("outputs")::add);
                o.put("message", p.message());
                p.imports().forEach(o.putArray("imports")::add);
                lines.add(o.toString());
            }
            writeAtomically(dir.resolve(file(TaskType.INDUCTION)), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write buffers to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Restores buffers written by {@link #write} into empty {@code buffers}. */
    public static void read(Path dir, TaskBuffers buffers) throws IOException {
        for (TaskType t : List.of(TaskType.ABDUCTION, TaskType.DEDUCTION)) {
            Path f = dir.resolve(file(t));
            int line = 0;
            for (String s : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                line++;
                if (s.isBlank()) continue;
                JsonNode n = parse(s, f, line);
                buffers.triplets(t).add(new Triplet(text(n, "program", f, line), text(n, "input", f, line),
                        text(n, "output", f, line), strings(n.get("imports"))), n.path("step").asLong());
            }
        }
        Path f = dir.resolve(file(TaskType.INDUCTION));
        int line = 0;
        for (String s : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            line++;
            if (s.isBlank()) continue;
            JsonNode n = parse(s, f, line);
            buffers.induction().add(new InductionProblem(text(n, "program", f, line), strings(n.get("inputs")),
                    strings(n.get("outputs")), text(n, "message", f, line), strings(n.get("imports"))), n.path("step").asLong());
        }
    }

    public static String file(TaskType type) {
        return type.id() + ".jsonl";
    }

    private static List<String> tripletLines(TaskBuffer<Triplet> buffer) {
        List<String> lines = new ArrayList<>();
        for (TaskBuffer.Entry<Triplet> e : buffer.entries()) {
            ObjectNode o = JSON.createObjectNode().put("step", e.step());
            Triplet t = e.task();
            o.put("program", t.program()).put("input", t.input()).put("output", t.output());
            t.imports().forEach(o.putArray("imports")::add);
            lines.add(o.toString());
        }
        return lines;
    }

    static void writeAtomically(Path target, List<String> lines) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (String l : lines) w.write(l + "\n");
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static JsonNode parse(String s, Path f, int line) throws IOException {
        try {
            JsonNode n = JSON.readTree(s);
            if (n == null || !n.isObject()) throw new IOException(f + " line " + line + ": expected a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + " line " + line + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    static String text(JsonNode n, String field, Path f, int line) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IOException(f + " line " + line + ": missing text field \"" + field + "\"");
        return v.asText();
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) arr.forEach(x -> out.add(x.asText()));
        return out;
    }
}
