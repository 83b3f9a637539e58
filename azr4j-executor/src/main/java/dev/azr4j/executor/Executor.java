package dev.azr4j.executor;

import java.util.List;

/**
 * Runs batches of Python operations in a sandbox. Never throws for anything a program does: every
 * failure is an {@link ExecResult} with an {@link ExecError}. Results are in request order.
 */
public interface Executor extends AutoCloseable {
    List<ExecResult> execute(List<? extends ExecRequest> batch);

    default ExecResult execute(ExecRequest request) {
        return execute(List.of(request)).getFirst();
    }

    @Override
    void close();
}
