package dev.azr4j.core.step;

import dev.azr4j.core.task.Task;
import java.util.List;

/** What an extension adds to one task type's solve batch, and the tasks it only wants imitated. */
public record EnvironmentDraw(List<Task> solve, List<Task> imitationOnly) {
    public static final EnvironmentDraw NONE = new EnvironmentDraw(List.of(), List.of());

    public EnvironmentDraw {
        solve = List.copyOf(solve);
        imitationOnly = List.copyOf(imitationOnly);
    }
}
