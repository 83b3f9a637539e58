package dev.azr4j.core.run;

import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;

/** The metric keys every line of {@code metrics.jsonl} carries (more may be present). */
public final class MetricKeys {
    private MetricKeys() {}

    public static final List<String> REQUIRED;

    static {
        List<String> keys = new ArrayList<>(List.of("step", "time_s"));
        for (TaskType t : TaskType.STEP_ORDER) {
            String T = t.id();
            keys.addAll(List.of("solve/" + T + "/accuracy", "solve/" + T + "/format_ok", "propose/" + T + "/valid_rate",
                    "propose/" + T + "/learnability", "propose/" + T + "/program_ast_nodes", "buffer/" + T + "/size",
                    "behaviour/" + T + "/comment_rate", "behaviour/" + T + "/reasoning_tokens",
                    "behaviour/" + T + "/trial_and_error_rate", "behaviour/" + T + "/program_ast_depth",
                    "propose/" + T + "/distinct_programs", "propose/" + T + "/distinct_inputs", "solve/" + T + "/distinct_answers"));
        }
        keys.addAll(List.of("policy/loss", "policy/grad_norm", "policy/entropy", "policy/clip_frac", "policy/lr",
                "perf/step_s", "perf/gen_tokens_per_s", "perf/exec_per_s", "len/response_mean",
                "time/generate_s", "time/execute_s", "time/update_s",
                "safety/flagged_rate", "safety/flags", "safety/sandbox_violations"));
        REQUIRED = List.copyOf(keys);
    }
}
