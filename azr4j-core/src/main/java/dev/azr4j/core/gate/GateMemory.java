package dev.azr4j.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gate remembers, per task type: the task and program keys it let into the buffers (a
 * bounded memory, in recency order), the keys seen earlier in the current step, and the diversity
 * windows. All but the current step's keys are saved in checkpoints.
 */
final class GateMemory implements Checkpointed {
    /** One task type's memory. */
    static final class PerType {
        final RecentKeys tasks;
        final RecentKeys programs;
        final Set<String> stepTasks = new HashSet<>();
        final Set<String> stepPrograms = new HashSet<>();
        final DiversityWindow programWindow = new DiversityWindow(ProposalGate.WINDOW);
        final DiversityWindow inputWindow = new DiversityWindow(ProposalGate.WINDOW);
        final DiversityWindow answerWindow = new DiversityWindow(ProposalGate.WINDOW);

        PerType(int memory) {
            tasks = new RecentKeys(memory);
            programs = new RecentKeys(memory);
        }
    }

    private final int capacity;
    private final Map<TaskType, PerType> types = new EnumMap<>(TaskType.class);

    GateMemory(int capacity) {
        this.capacity = capacity;
        for (TaskType t : TaskType.values()) types.put(t, new PerType(capacity));
    }

    PerType of(TaskType t) {
        return types.get(t);
    }

    /** Forgets the keys of the step before. */
    void beginStep() {
        for (PerType p : types.values()) {
            p.stepTasks.clear();
            p.stepPrograms.clear();
        }
    }

    @Override
    public JsonNode saveState() {
        ObjectNode byType = JsonNodeFactory.instance.objectNode();
        types.forEach((t, p) -> {
            ObjectNode x = byType.putObject(t.id());
            p.tasks.inOrder().forEach(x.putArray("tasks")::add);
            p.programs.inOrder().forEach(x.putArray("programs")::add);
            p.programWindow.keys().forEach(x.putArray("program_window")::add);
            p.inputWindow.keys().forEach(x.putArray("input_window")::add);
            p.answerWindow.keys().forEach(x.putArray("answer_window")::add);
        });
        return byType;
    }

    @Override
    public void restoreState(JsonNode byType) {
        Map<TaskType, PerType> restored = new EnumMap<>(TaskType.class);
        for (TaskType t : TaskType.values()) {
            PerType p = new PerType(capacity);
            JsonNode x = byType.get(t.id());
            if (x != null) {
                for (JsonNode k : x.path("tasks")) p.tasks.add(k.asText());
                for (JsonNode k : x.path("programs")) p.programs.add(k.asText());
                for (JsonNode k : x.path("program_window")) p.programWindow.add(k.asText());
                for (JsonNode k : x.path("input_window")) p.inputWindow.add(k.asText());
                for (JsonNode k : x.path("answer_window")) p.answerWindow.add(k.asText());
            }
            restored.put(t, p);
        }
        types.putAll(restored);
    }

    /**
     * Feeds one step's proposals and answers of type {@code t} into the windows and writes the
     * diversity metrics ({@link ProposalGate#diversity}).
     */
    void diversity(Map<String, Object> m, TaskType t, List<GateCheck> checks, List<String> answers, boolean inputDependence, boolean edgeInputs) {
        PerType p = types.get(t);
        String T = t.id();
        int n = 0, duplicates = 0, withExtras = 0, atEdges = 0;
        double ran = 0;
        for (GateCheck c : checks) {
            if (c == null) continue;
            n++;
            if (c.duplicateProgram) duplicates++;
            if (c.variesOnlyAtEdges) atEdges++;
            CanonicalForm f = c.form();
            p.programWindow.add(f.program());
            if (t == TaskType.INDUCTION) {
                List<String> inputs = new ArrayList<>(f.inputs().subList(0, c.inputs.size()));
                inputs.sort(null);
                p.inputWindow.add(String.join("\u0001", inputs));
            } else {
                p.inputWindow.add(f.inputs().getFirst());
                if (!c.extraInputs.isEmpty() || inputDependence) {
                    withExtras++;
                    ran += c.extraInputs.isEmpty() ? 0 : c.extrasRan() / (double) c.extraInputs.size();
                }
            }
        }
        for (String a : answers) if (a != null && !a.isBlank()) p.answerWindow.add(a.strip());
        m.put("propose/" + T + "/distinct_programs", p.programWindow.distinctPerWindow());
        m.put("propose/" + T + "/distinct_inputs", p.inputWindow.distinctPerWindow());
        m.put("solve/" + T + "/distinct_answers", p.answerWindow.distinctPerWindow());
        if (t != TaskType.INDUCTION) {
            m.put("propose/" + T + "/duplicate_program", n == 0 ? null : duplicates / (double) n);
            if (inputDependence) m.put("propose/" + T + "/extra_inputs_ran", withExtras == 0 ? null : ran / withExtras);
            if (edgeInputs) m.put("propose/" + T + "/varies_only_at_edges", n == 0 ? null : atEdges / (double) n);
        }
    }
}
