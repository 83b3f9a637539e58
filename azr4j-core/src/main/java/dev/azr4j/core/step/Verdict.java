package dev.azr4j.core.step;

import dev.azr4j.core.task.Task;

/**
 * What was decided about a proposal: a valid task, or why not. {@link Unparsed}: the completion
 * was not a proposal (the parser's failure id); {@link Invalid}: it was one, and the executor or the
 * gate refused it, or reruns showed it is not a function of its input ({@code flaky}).
 */
public sealed interface Verdict {
    /** The task of a valid proposal, null otherwise. */
    Task validTask();

    /** Why the proposal is not valid, null when it is. */
    String reason();

    record Valid(Task task) implements Verdict {
        @Override
        public Task validTask() {
            return task;
        }

        @Override
        public String reason() {
            return null;
        }
    }

    record Invalid(String reason) implements Verdict {
        @Override
        public Task validTask() {
            return null;
        }
    }

    record Unparsed(String reason) implements Verdict {
        @Override
        public Task validTask() {
            return null;
        }
    }
}
