package dev.azr4j.cli.report;

import dev.azr4j.core.task.Group;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The report's chart catalogue: sections of charts, each a title and the metric keys it plots
 * ({@code {T}} stands for each task type, {@code {G}} for each of the six groups, a trailing
 * {@code *} for every recorded key with that prefix). Keys no row has are left out when drawing.
 */
final class Charts {
    record Chart(String title, List<String> keys) {}

    record Section(String id, String title, String intro, List<Chart> charts) {}

    private Charts() {}

    static List<Section> sections(Collection<String> recorded) {
        List<Section> s = new ArrayList<>();
        List<Chart> learning = new ArrayList<>(List.of(
                chart("Solver accuracy", "solve/{T}/accuracy"),
                chart("Proposal validity", "propose/{T}/valid_rate"),
                chart("Learnability of proposals", "propose/{T}/learnability"),
                chart("Solve rate of proposals (MC rollouts)", "propose/{T}/mc_solve_rate"),
                chart("Well-formatted responses", "solve/{T}/format_ok", "propose/{T}/format_ok"),
                chart("Mean reward per group", "{G}/reward_mean")));
        for (String prefix : List.of("probe/", "eval/")) {
            List<String> keys = recorded.stream().filter(k -> k.startsWith(prefix)).toList();
            List<String> acc = keys.stream().filter(k -> k.endsWith("accuracy") || k.endsWith("pass@1") || k.endsWith("score")).toList();
            if (!keys.isEmpty())
                learning.add(new Chart((prefix.equals("probe/") ? "Probe" : "Evaluation") + " accuracies", acc.isEmpty() ? keys : acc));
        }
        s.add(new Section("learning", "Learning curves", "Per task type and role; the probe and evaluation curves appear when the run records them.", learning));
        s.add(new Section("policy", "Policy", "Statistics of each step's update.", List.of(
                chart("Loss", "policy/loss"), chart("Gradient norm (before clipping)", "policy/grad_norm"),
                chart("Entropy", "policy/entropy"), chart("PPO clip fraction", "policy/clip_frac"),
                chart("Learning rate", "policy/lr"), chart("Largest advantage per group", "{G}/advantage_max"))));
        s.add(new Section("buffers", "Task buffers", "Validated tasks per type, and what each step added.", List.of(
                chart("Buffer size", "buffer/{T}/size"), chart("Added per step", "buffer/{T}/added"),
                chart("Duplicates per step", "buffer/{T}/duplicates"))));
        s.add(new Section("sizes", "Programs and responses", "Program size (AST nodes, counted by the executor) and response length in tokens.", List.of(
                chart("Program size (AST nodes)", "propose/{T}/program_ast_nodes"),
                chart("Response length, all groups", "len/response_mean"),
                chart("Response length per group", "{G}/response_len_mean"),
                chart("Truncated responses", "{G}/truncated_frac"))));
        s.add(new Section("time", "Time and throughput", "Where a step's time goes, and how fast each part runs.", List.of(
                chart("Time split of a step (s)", "time/generate_s", "time/execute_s", "time/update_s", "perf/step_s"),
                chart("Tokens per second", "perf/gen_tokens_per_s", "perf/train_tokens_per_s"),
                chart("Executor calls per second", "perf/exec_per_s"))));
        s.add(new Section("behaviour", "Emergent behaviours",
                "Comments in the programs the model writes, reasoning length, trial and error in the reasoning, AST depth of the programs.", List.of(
                chart("Programs with comments", "behaviour/{T}/comment_rate"),
                chart("Reasoning length (tokens)", "behaviour/{T}/reasoning_tokens"),
                chart("Trial and error in the reasoning", "behaviour/{T}/trial_and_error_rate"),
                chart("Program AST depth", "behaviour/{T}/program_ast_depth"))));
        return s;
    }

    /** The charts of the Safety section (drawn above its flags). */
    static List<Chart> safety() {
        return List.of(chart("Flagged samples (share)", "safety/flagged_rate"), chart("Sandbox violations per step", "safety/sandbox_violations"));
    }

    static Chart chart(String title, String... patterns) {
        List<String> keys = new ArrayList<>();
        for (String p : patterns) {
            if (p.contains("{T}")) for (TaskType t : TaskType.STEP_ORDER) keys.add(p.replace("{T}", t.id()));
            else if (p.contains("{G}")) for (Group g : Group.ALL) keys.add(p.replace("{G}", g.id()));
            else keys.add(p);
        }
        return new Chart(title, keys);
    }
}
