package dev.azr4j.core.step;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task of the solve batch and its rollout; {@link SolveGrader} writes whether the answer was
 * correct, why strict grading refused it as not a value, or why an induction answer did not parse.
 */
public final class Solve {
    private final Task task;
    private final Rollout rollout;
    private final boolean environment;
    String parseFailure;
    Boolean correct;       // null when no check ran (a malformed or empty answer)
    String rejected;

    Solve(TaskType type, Task task, String prompt, GrammarSource grammar, boolean environment) {
        this.task = task;
        this.environment = environment;
        this.rollout = new Rollout(type, Role.SOLVE, prompt, grammar, this::details);
    }

    public Task task() {
        return task;
    }

    public Rollout rollout() {
        return rollout;
    }

    /** Drawn from the environment's curriculum, not from a buffer. */
    public boolean fromEnvironment() {
        return environment;
    }

    public boolean correct() {
        return Boolean.TRUE.equals(correct);
    }

    /** Why strict grading refused the answer as not a value, or null. */
    public String rejected() {
        return rejected;
    }

    /** Whether the answer is well formed: the format and, for induction, a parseable program. */
    public boolean wellFormed() {
        return rollout.response().formatOk() && parseFailure == null;
    }

    private Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (parseFailure != null) d.put("parse_failure", parseFailure);
        if (correct != null) d.put("correct", correct);
        if (rejected != null) d.put("answer_rejected", rejected);
        return d;
    }
}
