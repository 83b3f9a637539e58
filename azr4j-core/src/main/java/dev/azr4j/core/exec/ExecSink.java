package dev.azr4j.core.exec;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import java.util.function.Consumer;

/**
 * Where a part of the loop puts the executor requests it needs, each with what to do with its
 * result: the one seam between the loop's logic and the executor. An {@link ExecBatch} collects them
 * and runs them together, so the worker pool works on all of them at once.
 */
@FunctionalInterface
public interface ExecSink {
    void add(ExecRequest request, Consumer<ExecResult> onResult);
}
