package dev.azr4j.core.task;

import java.util.List;
import java.util.Locale;

/**
 * The three reasoning tasks. Abduction: given program and output, find an input. Deduction:
 * given program and input, find the output. Induction: given I/O pairs and a message, find the program.
 */
public enum TaskType {
    ABDUCTION, DEDUCTION, INDUCTION;

    /** The order in which a training step processes the task types (the original's i, o, f). */
    public static final List<TaskType> STEP_ORDER = List.of(ABDUCTION, DEDUCTION, INDUCTION);

    /** Stable lowercase id used in metrics, file names and configuration, e.g. {@code "deduction"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this id, or {@code null}. */
    public static TaskType fromId(String id) {
        for (TaskType t : values()) if (t.id().equals(id)) return t;
        return null;
    }
}
